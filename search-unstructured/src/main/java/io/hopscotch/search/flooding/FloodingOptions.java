package io.hopscotch.search.flooding;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Set;

/**
 * The flooding strategy's options, parsed and checked.
 *
 * @param degree links a node keeps at least: it opens links while it has fewer than this many in all, inbound ones
 *     included ({@code degree}, default 4); the mean degree therefore lies between the degree and twice it (about 5
 *     links per node at the default, measured from the query cost in docs/experiments/unstructured.md)
 * @param maxDegree most neighbours a node keeps, inbound links included ({@code max-degree}, default three times the
 *     degree, so that nodes that others linked to still accept joiners)
 * @param ttl TTL of queries this node starts ({@code ttl}, default 7): the query reaches nodes up to this many hops away
 * @param maxTtl TTL above which a received descriptor is clamped ({@code max-ttl}, default 16), so a hostile
 *     peer cannot flood further than the network allows
 * @param pingTtl TTL of pings when pong caching is off ({@code ping-ttl}, default 7)
 * @param pingMillis period of pings to neighbours and of neighbour maintenance ({@code ping-ms}, default 30000);
 *     a neighbour silent for three periods is dropped
 * @param pongCache answer pings from a cache of recent pongs instead of flooding them ({@code pong-cache}, default true)
 * @param pongCacheSize most pong entries cached and sent in one answer ({@code pong-cache-size}, default 16)
 * @param hostCacheSize most known peers kept for replacing lost neighbours ({@code host-cache}, default 256)
 * @param seenMax most descriptor ids remembered ({@code seen-max}, default 65536)
 * @param seenMillis how long a descriptor id (and its reverse route) is remembered ({@code seen-ms}, default 120000)
 * @param getTimeoutMillis how long a {@code get} collects query hits ({@code get-timeout-ms}, default 3000)
 * @param getLimit a {@code get} stops collecting after this many holders ({@code get-limit}, default 32)
 * @param lingerMillis once a first hit arrived, a {@code get} or search ends after this long without a new hit
 *     ({@code linger-ms}, default 0: wait for the deadline or the limit, as Gnutella does)
 * @param pushTimeoutMillis how long a requester waits for a firewalled holder to push ({@code push-timeout-ms}, default 5000)
 * @param rewireMillis period of neighbour rewiring ({@code rewire-ms}, default 10000; 0 turns it off): each round a node
 *     replaces the link it opened longest ago with one to a random host from its cache, so the overlay keeps mixing
 *     however it grew (see {@link NeighbourRewiring})
 */
public record FloodingOptions(int degree, int maxDegree, int ttl, int maxTtl, int pingTtl, long pingMillis, boolean pongCache,
                              int pongCacheSize, int hostCacheSize, int seenMax, long seenMillis, long getTimeoutMillis,
                              int getLimit, long lingerMillis, long pushTimeoutMillis, long rewireMillis) {

  /** Every option name flooding knows. */
  public static final Set<String> NAMES = Set.of("degree", "max-degree", "ttl", "max-ttl", "ping-ttl", "ping-ms", "pong-cache",
      "pong-cache-size", "host-cache", "seen-max", "seen-ms", "get-timeout-ms", "get-limit", "linger-ms", "push-timeout-ms", "rewire-ms");

  /** Largest TTL a descriptor can carry on the wire. */
  public static final int TTL_CEILING = 255;

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static FloodingOptions parse(StrategyOptions o) {
    o.requireOnly(FloodingProvider.NAME, NAMES);
    int degree = o.getInt("degree", 4, 1, 1000);
    int maxDegree = o.getInt("max-degree", 3 * degree, 1, 2000);
    if (maxDegree < degree) {
      throw new IllegalArgumentException("option max-degree (" + maxDegree + ") must be at least degree (" + degree + ")");
    }
    int maxTtl = o.getInt("max-ttl", 16, 1, TTL_CEILING);
    int ttl = o.getInt("ttl", 7, 1, TTL_CEILING);
    if (ttl > maxTtl) {
      throw new IllegalArgumentException("option ttl (" + ttl + ") must not exceed max-ttl (" + maxTtl + ")");
    }
    int pingTtl = o.getInt("ping-ttl", Math.min(7, maxTtl), 1, maxTtl);
    long ping = positive(o, "ping-ms", 30_000, 10);
    boolean pongCache = o.getBoolean("pong-cache", true);
    int pongCacheSize = o.getInt("pong-cache-size", 16, 1, FloodingMessages.MAX_HOSTS);
    int hostCache = o.getInt("host-cache", 256, 1, 1_000_000);
    int seenMax = o.getInt("seen-max", 65_536, 16, 100_000_000);
    long seen = positive(o, "seen-ms", 120_000, 1);
    long getTimeout = positive(o, "get-timeout-ms", 3_000, 1);
    int getLimit = o.getInt("get-limit", 32, 1, FloodingMessages.MAX_RECORDS);
    long linger = o.getLong("linger-ms", 0);
    if (linger < 0) {
      throw new IllegalArgumentException("option linger-ms must be >= 0, got " + linger);
    }
    long push = positive(o, "push-timeout-ms", 5_000, 1);
    long rewire = o.getLong("rewire-ms", 10_000);
    if (rewire != 0 && rewire < 10) {
      throw new IllegalArgumentException("option rewire-ms must be 0 (off) or at least 10, got " + rewire);
    }
    return new FloodingOptions(degree, maxDegree, ttl, maxTtl, pingTtl, ping, pongCache, pongCacheSize, hostCache, seenMax, seen,
        getTimeout, getLimit, linger, push, rewire);
  }

  private static long positive(StrategyOptions o, String name, long def, long min) {
    long v = o.getLong(name, def);
    if (v < min) {
      throw new IllegalArgumentException("option " + name + " must be at least " + min + ", got " + v);
    }
    return v;
  }
}
