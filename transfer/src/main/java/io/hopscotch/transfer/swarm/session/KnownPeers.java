package io.hopscotch.transfer.swarm.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The peer addresses a download has learnt (from trackers, the overlay or other peers), in the order
 * learnt, with when each was last dialled: at most {@link #MAX} of them, and none dialled again within
 * {@link #REDIAL_NANOS} of its last dial, so a peer that refuses is not hammered. Not thread-safe: used
 * on the download's event loop.
 */
final class KnownPeers {

  /** Most addresses remembered; later ones are ignored until the download forgets nothing anyway. */
  static final int MAX = 500;
  /** Wait before dialling a known peer again, in nanoseconds. */
  static final long REDIAL_NANOS = 15_000_000_000L;

  private static final long NEVER = Long.MIN_VALUE;

  private final Map<PeerAddress, Long> lastDial = new LinkedHashMap<>();

  /** Remembers {@code peers} other than those {@code self} matches, up to {@link #MAX} in all. */
  void add(List<PeerAddress> peers, Predicate<PeerAddress> self) {
    for (PeerAddress p : peers) {
      if (lastDial.size() >= MAX) {
        return;
      }
      if (!self.test(p)) {
        lastDial.putIfAbsent(p, NEVER);
      }
    }
  }

  /** The addresses known, in the order learnt (a copy). */
  List<PeerAddress> addresses() {
    return List.copyOf(lastDial.keySet());
  }

  /**
   * Goes through the known addresses in the order learnt while {@code room} holds, and hands each that
   * {@code skip} does not exclude and that was not dialled within the redial wait to {@code dial},
   * noting {@code nowNanos} as its last dial.
   */
  void dialWhile(long nowNanos, BooleanSupplier room, Predicate<PeerAddress> skip, Consumer<PeerAddress> dial) {
    for (Map.Entry<PeerAddress, Long> e : lastDial.entrySet()) {
      if (!room.getAsBoolean()) {
        return;
      }
      PeerAddress a = e.getKey();
      if (skip.test(a) || (e.getValue() != NEVER && nowNanos - e.getValue() < REDIAL_NANOS)) {
        continue;
      }
      e.setValue(nowNanos);
      dial.accept(a);
    }
  }
}
