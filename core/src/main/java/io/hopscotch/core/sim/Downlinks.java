package io.hopscotch.core.sim;

import java.util.Arrays;

/**
 * The simulated nodes' downlinks as calendars of reserved intervals, in virtual microseconds. A
 * message takes its receiver's downlink in the first free interval that starts once its first byte
 * has crossed the network, so a message from a near sender is not held behind one sent earlier from a
 * far sender that has not arrived yet (with a single "free from" time per link, it would be: the
 * link would count as busy from the send of the far message, not from its arrival). Intervals that
 * have ended are dropped at the next reservation of the same node, so a calendar holds only messages
 * still on their way to it.
 */
final class Downlinks {

  /** Per node: reserved intervals as start, end pairs sorted by start; null while none was made. */
  private long[][] slots;
  /** Per node: number of reserved intervals. */
  private int[] counts;

  Downlinks(int capacity) {
    slots = new long[capacity][];
    counts = new int[capacity];
  }

  /** Makes room for node indices below {@code n}. */
  void grow(int n) {
    if (n > slots.length) {
      slots = Arrays.copyOf(slots, n);
      counts = Arrays.copyOf(counts, n);
    }
  }

  /**
   * Reserves {@code node}'s downlink for a message whose first byte reaches it at {@code head} and
   * that needs it for {@code transmit} microseconds, and that cannot have fully arrived before
   * {@code notBefore} (the sender's uplink may be the slower end).
   *
   * @param now the current virtual time; intervals ending by then are forgotten
   * @return the virtual time the message's last byte arrives
   */
  long reserve(int node, long now, long head, long transmit, long notBefore) {
    long[] s = slots[node];
    int n = counts[node];
    if (s == null) {
      s = new long[8];
      slots[node] = s;
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (s[2 * i + 1] > now) {
        s[2 * kept] = s[2 * i];
        s[2 * kept + 1] = s[2 * i + 1];
        kept++;
      }
    }
    n = kept;
    // the first gap at or after the head that fits the whole transmission
    long start = head;
    int at = 0;
    for (; at < n; at++) {
      long busyFrom = s[2 * at];
      long busyTo = s[2 * at + 1];
      if (start + transmit <= busyFrom) {
        break;
      }
      start = Math.max(start, busyTo);
    }
    long arrival = Math.max(notBefore, start + transmit);
    if (2 * (n + 1) > s.length) {
      s = Arrays.copyOf(s, s.length * 2);
      slots[node] = s;
    }
    System.arraycopy(s, 2 * at, s, 2 * at + 2, 2 * (n - at));
    s[2 * at] = start;
    s[2 * at + 1] = arrival;
    counts[node] = n + 1;
    return arrival;
  }
}
