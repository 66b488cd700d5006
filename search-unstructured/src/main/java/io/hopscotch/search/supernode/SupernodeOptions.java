package io.hopscotch.search.supernode;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Locale;
import java.util.Set;

/**
 * The supernode strategy's options, parsed and checked.
 *
 * @param role {@code auto} (elected by score, the default), {@code super} (always a supernode) or
 *     {@code ordinary} (never one) ({@code role})
 * @param ratio target number of ordinary nodes per supernode ({@code ratio}, default 20): a supernode
 *     with more than twice as many promotes one of them, one with fewer than a quarter (and other
 *     supernodes to hand its nodes to) steps down
 * @param capacity most ordinary nodes a supernode serves ({@code capacity}, default four times the ratio)
 * @param threshold participation score (0..1) a node needs to be promoted ({@code threshold}, default 0.7: a new
 *     reachable node scores 0.6 and passes after 150 s of uptime; a node below it is promoted only if no attached
 *     node passes it, or if no supernode is left — see {@link Election})
 * @param demoteThreshold a supernode whose score falls below this steps down ({@code demote-threshold}, 0..threshold,
 *     default half the threshold); the gap between the two keeps roles from flapping
 * @param maxQueryRate queries per second this node can handle as a supernode ({@code max-query-rate}, default 50);
 *     the measured rate over this is the load that lowers its score ({@link ParticipationScore})
 * @param bandwidth upload bandwidth this node offers, in bytes per second ({@code bandwidth}, default 1,000,000)
 * @param degree links each supernode opens to other supernodes, chosen at random from those it has
 *     learnt by gossip ({@code degree}, default 4); it also accepts links others open, up to three
 *     times this in all, so a supernode has about twice this many links on average
 * @param ttl TTL of queries among supernodes ({@code ttl}, default 6: on a well-mixed overlay of mean degree 8 that
 *     reaches every supernode of a network of 100,000 nodes, about 5,000 supernodes at the default ratio)
 * @param maintainMillis period of keep-alives, supernode pings and elections ({@code maintain-ms}, default 10000);
 *     a peer silent for three periods is considered gone
 * @param fullUptimeMillis uptime at which the uptime part of the score is full ({@code full-uptime-ms}, default 600000)
 * @param getTimeoutMillis how long a {@code get} or search collects hits among supernodes ({@code get-timeout-ms}, default 2000)
 * @param getLimit a {@code get} stops after this many holders ({@code get-limit}, default 32)
 * @param seenMax most descriptor ids a supernode remembers ({@code seen-max}, default 65536)
 * @param seenMillis how long it remembers one ({@code seen-ms}, default 120000)
 */
public record SupernodeOptions(String role, int ratio, int capacity, double threshold, double demoteThreshold,
                               int maxQueryRate, long bandwidth, int degree, int ttl, long maintainMillis, long fullUptimeMillis, long getTimeoutMillis, int getLimit, int seenMax,
                               long seenMillis) {

  /** Every option name the supernode strategy knows. */
  public static final Set<String> NAMES = Set.of("role", "ratio", "capacity", "threshold", "demote-threshold", "max-query-rate", "bandwidth", "degree", "ttl",
      "maintain-ms", "full-uptime-ms", "get-timeout-ms", "get-limit", "seen-max", "seen-ms");

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static SupernodeOptions parse(StrategyOptions o) {
    o.requireOnly(SupernodeProvider.NAME, NAMES);
    String role = o.getString("role", "auto").trim().toLowerCase(Locale.ROOT);
    if (!Set.of("auto", "super", "ordinary").contains(role)) {
      throw new IllegalArgumentException("option role must be auto, super or ordinary, got '" + role + "'");
    }
    int ratio = o.getInt("ratio", 20, 1, 100_000);
    int capacity = o.getInt("capacity", Math.min(1_000_000, 4 * ratio), 1, 1_000_000);
    if (capacity < 2 * ratio) {
      throw new IllegalArgumentException("option capacity (" + capacity + ") must be at least twice the ratio (" + ratio + ")");
    }
    double threshold = fraction(o, "threshold", "0.7", 1);
    double demote = fraction(o, "demote-threshold", Double.toString(threshold / 2), threshold);
    int maxQueryRate = o.getInt("max-query-rate", 50, 1, 1_000_000);
    long bandwidth = o.getLong("bandwidth", 1_000_000);
    if (bandwidth < 0) {
      throw new IllegalArgumentException("option bandwidth must be >= 0 bytes/s, got " + bandwidth);
    }
    int degree = o.getInt("degree", 4, 1, 1000);
    int ttl = o.getInt("ttl", 6, 1, 255);
    long maintain = atLeast(o, "maintain-ms", 10_000, 10);
    long fullUptime = atLeast(o, "full-uptime-ms", 600_000, 1);
    long getTimeout = atLeast(o, "get-timeout-ms", 2_000, 1);
    int getLimit = o.getInt("get-limit", 32, 1, SupernodeMessages.MAX_RESULTS);
    int seenMax = o.getInt("seen-max", 65_536, 16, 100_000_000);
    long seen = atLeast(o, "seen-ms", 120_000, 1);
    return new SupernodeOptions(role, ratio, capacity, threshold, demote, maxQueryRate, bandwidth, degree, ttl, maintain, fullUptime, getTimeout, getLimit,
        seenMax, seen);
  }

  /** A number in 0..max, named in the error if it is not one. */
  private static double fraction(StrategyOptions o, String name, String def, double max) {
    String range = "0.." + (max == 1 ? "1" : Double.toString(max));
    double v;
    try {
      v = Double.parseDouble(o.getString(name, def).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + name + " must be a number in " + range + ", got '" + o.getString(name, "") + "'");
    }
    if (!(v >= 0 && v <= max)) {
      throw new IllegalArgumentException("option " + name + " must be in " + range
          + (max < 1 ? " (at most the threshold)" : "") + ", got " + v);
    }
    return v;
  }

  private static long atLeast(StrategyOptions o, String name, long def, long min) {
    long v = o.getLong(name, def);
    if (v < min) {
      throw new IllegalArgumentException("option " + name + " must be at least " + min + ", got " + v);
    }
    return v;
  }
}
