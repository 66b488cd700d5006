/**
 * Unstructured search strategies: the central index (Napster), and later flooding (Gnutella) and supernodes (FastTrack).
 */
package io.hopscotch.search;
