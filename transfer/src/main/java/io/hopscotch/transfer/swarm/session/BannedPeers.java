package io.hopscotch.transfer.swarm.session;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The peer ids and addresses a download has banned for bad data, bounded: once full, each new entry
 * pushes out the oldest. A swarm that keeps feeding fresh bad peers thus costs bounded memory; a
 * peer forgotten that way is banned again by its next bad piece. Not thread-safe: used on the
 * download's event loop.
 */
final class BannedPeers {

  /** Most entries one download keeps (a banned peer takes two: its id and its address). */
  static final int MAX = 1000;

  private final int max;
  private final Set<String> entries = new LinkedHashSet<>();

  /**
   * An empty set keeping at most {@code max} entries.
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  BannedPeers(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a ban list must hold at least one entry, got " + max);
    }
    this.max = max;
  }

  /** Bans {@code entry} (a peer id in hex or a {@code host:port}); the oldest entry goes if the set is full. */
  void add(String entry) {
    if (entries.remove(entry)) {
      entries.add(entry);
      return;
    }
    if (entries.size() >= max) {
      Iterator<String> oldest = entries.iterator();
      oldest.next();
      oldest.remove();
    }
    entries.add(entry);
  }

  /** True if {@code entry} is banned. */
  boolean contains(String entry) {
    return entries.contains(entry);
  }

  /** Entries banned now. */
  int size() {
    return entries.size();
  }

  /** The entries (a copy). */
  Set<String> snapshot() {
    return Set.copyOf(entries);
  }
}
