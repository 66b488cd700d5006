package io.hopscotch.search.flooding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.Clock;
import java.time.Duration;

/**
 * The descriptor ids a node has seen, each with the neighbour it first came from (its reverse route),
 * or the node itself for descriptors it started. A node forwards a descriptor only on its first
 * sighting, and routes answers (pongs, query hits) back to where the descriptor came from.
 *
 * <p>A bounded Caffeine cache whose entries expire a fixed time after they are written. Time comes
 * from the node's {@link Clock} and maintenance runs on the caller's thread, so the simulator stays
 * exact. The size bound is a safety valve: Caffeine picks eviction victims with a little randomness
 * of its own, so a run that must be reproducible keeps the expiry short enough that the bound is
 * never reached.
 */
public final class SeenDescriptors {

  private final Cache<Descriptor.Id, Peer> routes;

  /**
   * A cache.
   *
   * @param maxEntries most ids remembered
   * @param expiryMillis how long an id is remembered, in milliseconds of the node clock
   * @param clock the node clock
   */
  public SeenDescriptors(int maxEntries, long expiryMillis, Clock clock) {
    this.routes = bounded(maxEntries, expiryMillis, clock);
  }

  /** A bounded Caffeine cache driven by the node clock, maintained on the caller's thread. */
  static <K, V> Cache<K, V> bounded(int maxEntries, long expiryMillis, Clock clock) {
    return Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(Duration.ofMillis(expiryMillis))
        .ticker(clock::nanos)
        .executor(Runnable::run)
        .build();
  }

  /**
   * Remembers {@code id} as having come from {@code from}, unless it was seen already.
   *
   * @return true on the first sighting (the caller may process and forward it), false for a duplicate
   */
  public boolean firstSighting(Descriptor.Id id, Peer from) {
    return routes.asMap().putIfAbsent(id, from) == null;
  }

  /** The neighbour {@code id} first came from (this node's own peer if it started it), or null if unknown or expired. */
  public Peer routeOf(Descriptor.Id id) {
    return routes.getIfPresent(id);
  }

  /** Number of ids remembered (approximate: may include expired entries not yet cleaned up). */
  public long size() {
    return routes.estimatedSize();
  }

  /** Forgets everything. */
  public void clear() {
    routes.invalidateAll();
  }
}
