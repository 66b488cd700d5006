/**
 * Chord routing (routing name {@code chord}): a 160-bit SHA-1 ring with successor lists, finger tables,
 * Zave's corrected maintenance, iterative and recursive lookups, replication on successors, virtual
 * nodes and a keyword index. Start with {@link io.hopscotch.chord.ChordRouting}.
 */
package io.hopscotch.chord;
