package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.Comparator;

/**
 * "Numerically closest" on the circular id space: the shorter way round the ring, ties broken by the
 * smaller id so that every node agrees on one closest node.
 */
final class Distance {

  private Distance() {
  }

  /** Orders ids by ring distance to {@code target}, then by id. */
  static Comparator<Key> toKey(Key target) {
    return (a, b) -> compare(target, a, b);
  }

  /** Orders peers by ring distance of their ids to {@code target}, then by id. */
  static Comparator<Peer> toPeer(Key target) {
    return (a, b) -> compare(target, a.id(), b.id());
  }

  /** Negative if {@code a} is closer to {@code target} than {@code b}. */
  static int compare(Key target, Key a, Key b) {
    int c = a.ringDistance(target).compareTo(b.ringDistance(target));
    return c != 0 ? c : a.compareTo(b);
  }

  /** True if {@code a} is strictly closer to {@code target} than {@code b} under this order. */
  static boolean closer(Key target, Key a, Key b) {
    return compare(target, a, b) < 0;
  }
}
