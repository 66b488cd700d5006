/**
 * Chord routing (routing name chord): a SHA-1 ring with successor lists and finger tables. Built by a later issue.
 */
package io.hopscotch.chord;
