package io.hopscotch.pastry;

import io.hopscotch.core.Key;

/**
 * Round-trip times this node measured recently, so that a candidate heard of again and again (the same
 * names come back in every neighbourhood and row exchange) competes for its slot on the figure it
 * already has instead of being probed again. Direct-mapped by bits of the id: memory is fixed
 * ({@value #SLOTS} entries, allocated at the first measurement) and a colliding id simply evicts the
 * older entry, which only costs a probe.
 */
final class RecentRtts {

  /** Number of entries. */
  static final int SLOTS = 64;

  private long[] ids;
  private long[] rtts;
  private long[] atMillis;

  /** Remembers that {@code id} measured {@code rttNanos} at {@code nowMillis}. */
  void put(Key id, long rttNanos, long nowMillis) {
    if (ids == null) {
      ids = new long[SLOTS];
      rtts = new long[SLOTS];
      atMillis = new long[SLOTS];
    }
    int i = slot(id);
    ids[i] = id.high64();
    rtts[i] = rttNanos;
    atMillis[i] = nowMillis;
  }

  /**
   * The RTT measured for {@code id} no longer than {@code maxAgeMillis} ago, or -1.
   *
   * @param nowMillis the current time on this node's clock
   */
  long get(Key id, long nowMillis, long maxAgeMillis) {
    if (ids == null) {
      return -1;
    }
    int i = slot(id);
    if (ids[i] != id.high64() || atMillis[i] == 0 || nowMillis - atMillis[i] > maxAgeMillis) {
      return -1;
    }
    return rtts[i];
  }

  private static int slot(Key id) {
    // Low bits: candidates for one table slot share their leading digits.
    return (int) id.high64() & (SLOTS - 1);
  }
}
