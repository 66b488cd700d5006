package io.hopscotch.search.flooding;

import io.hopscotch.core.Key;
import io.hopscotch.core.spi.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent pongs from neighbours, so that a ping can be answered from the cache instead of being
 * flooded (Gnutella 0.6 pong caching). Only first-hand entries are kept: the neighbour that answered
 * our ping, not the hosts its pong listed, so a dead host cannot circulate from cache to cache. An
 * entry is fresh for a fixed time after it was last heard; at most a fixed number are kept, the
 * oldest going first.
 */
final class PongCache {

  private record Entry(FloodingMessages.HostEntry host, long heardNanos) {
  }

  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, false);
  private final int max;
  private final long freshNanos;
  private final Clock clock;

  PongCache(int max, long freshMillis, Clock clock) {
    this.max = max;
    this.freshNanos = freshMillis * 1_000_000L;
    this.clock = clock;
  }

  /** Remembers a neighbour's own pong entry. */
  void put(FloodingMessages.HostEntry host) {
    entries.remove(host.peer().id());
    entries.put(host.peer().id(), new Entry(host, clock.nanos()));
    while (entries.size() > max) {
      Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Forgets a host (it left or stopped answering). */
  void remove(Key id) {
    entries.remove(id);
  }

  /** Fresh entries, newest first, excluding {@code exclude}, at most {@code limit}. */
  List<FloodingMessages.HostEntry> fresh(Key exclude, int limit) {
    long now = clock.nanos();
    entries.values().removeIf(e -> now - e.heardNanos > freshNanos);
    List<Entry> all = new ArrayList<>(entries.values());
    List<FloodingMessages.HostEntry> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      FloodingMessages.HostEntry h = all.get(i).host;
      if (!h.peer().id().equals(exclude)) {
        out.add(h);
      }
    }
    return out;
  }

  int size() {
    return entries.size();
  }
}
