package io.hopscotch.core.impl;

import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.ProbeResult;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent probe results per peer, so that strategies which probe the same holders again and again
 * (every central lookup, every proximity choice) do not pay a round trip and a bandwidth payload each
 * time. Bounded (least recently used entries go first) and aged by the node's clock, so the simulator
 * stays exact. Confined to the node's event loop.
 */
final class ProbeCache {

  private record Entry(ProbeResult result, int payloadBytes, long atMillis) {
  }

  private final Clock clock;
  private final long ttlMillis;
  private final Map<Peer, Entry> entries;

  /**
   * A cache.
   *
   * @param ttlMillis how long a result stays valid; 0 disables caching
   * @param capacity most peers remembered
   */
  ProbeCache(Clock clock, long ttlMillis, int capacity) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Peer, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** A fresh enough result for {@code peer} measured with at least {@code payloadBytes}, or null. */
  ProbeResult get(Peer peer, int payloadBytes) {
    if (ttlMillis == 0) {
      return null;
    }
    Entry e = entries.get(peer);
    if (e == null || e.payloadBytes() < payloadBytes || clock.millis() - e.atMillis() >= ttlMillis) {
      return null;
    }
    return e.result();
  }

  /**
   * Remembers a result, first dropping expired results from the least recently used end: a node that
   * probes many peers once each (a large overlay's contact candidates) would otherwise keep up to
   * {@code capacity} dead results, a few hundred KB per simulated node. An expired result is never
   * served, so this changes nothing a caller sees.
   */
  void put(Peer peer, int payloadBytes, ProbeResult result) {
    if (ttlMillis > 0) {
      long now = clock.millis();
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        if (now - it.next().atMillis() < ttlMillis) {
          break;
        }
        it.remove();
      }
      entries.put(peer, new Entry(result, payloadBytes, now));
    }
  }
}
