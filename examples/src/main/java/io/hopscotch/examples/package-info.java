/**
 * The hopscotch command-line tool and examples of embedding a node.
 */
package io.hopscotch.examples;
