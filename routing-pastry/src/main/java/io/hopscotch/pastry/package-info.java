/**
 * Pastry routing (routing name pastry): prefix routing with leaf sets and proximity neighbour selection. Built by a later issue.
 */
package io.hopscotch.pastry;
