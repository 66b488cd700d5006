/**
 * Unstructured search strategies: the central index (Napster), flooding (Gnutella) and supernodes (FastTrack).
 */
package io.hopscotch.search;
