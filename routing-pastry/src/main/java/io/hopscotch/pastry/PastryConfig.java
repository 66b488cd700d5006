package io.hopscotch.pastry;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Set;

/**
 * Pastry's settings, read from the routing options and validated.
 *
 * @param b bits per digit (1, 2, 4, 5 or 8); routing tables have 2^b − 1 useful columns
 * @param leafSet leaf-set size L, even: L/2 numerically closest smaller and larger ids
 * @param neighbourhood neighbourhood-set size M: the closest nodes by measured round-trip time
 * @param replicas copies of each key, on the numerically closest nodes
 * @param leafSetPeriodMillis period of leaf-set maintenance (each node asks its two immediate neighbours)
 * @param tablePeriodMillis period of routing-table maintenance (one row fetched from one entry)
 * @param proximity true to fill each routing-table slot with the candidate of smallest measured RTT
 */
public record PastryConfig(int b, int leafSet, int neighbourhood, int replicas, long leafSetPeriodMillis,
    long tablePeriodMillis, boolean proximity) {

  /** Option names. */
  public static final String B = "b";
  /** Option name of {@link #leafSet}. */
  public static final String LEAF_SET = "leafSet";
  /** Option name of {@link #neighbourhood}. */
  public static final String NEIGHBOURHOOD = "neighbourhood";
  /** Option name of {@link #replicas}. */
  public static final String REPLICAS = "replicas";
  /** Option name of {@link #leafSetPeriodMillis}. */
  public static final String LEAF_SET_PERIOD = "leafSetPeriodMillis";
  /** Option name of {@link #tablePeriodMillis}. */
  public static final String TABLE_PERIOD = "tablePeriodMillis";
  /** Option name of {@link #proximity}. */
  public static final String PROXIMITY = "proximity";

  /** Every option name. */
  public static final Set<String> NAMES = Set.of(B, LEAF_SET, NEIGHBOURHOOD, REPLICAS, LEAF_SET_PERIOD, TABLE_PERIOD, PROXIMITY);

  /** Validates the combination. */
  public PastryConfig {
    if (b < 1 || b > 8 || 160 % b != 0) {
      throw new IllegalArgumentException("option b must divide 160 and be 1..8 (1, 2, 4, 5 or 8), got " + b);
    }
    if (leafSet < 2 || leafSet > 256 || leafSet % 2 != 0) {
      throw new IllegalArgumentException("option leafSet must be even and in 2..256, got " + leafSet);
    }
    if (neighbourhood < 0 || neighbourhood > 1024) {
      throw new IllegalArgumentException("option neighbourhood must be in 0..1024, got " + neighbourhood);
    }
    if (replicas < 1 || replicas > leafSet / 2 + 1) {
      throw new IllegalArgumentException("option replicas must be in 1..leafSet/2+1 = " + (leafSet / 2 + 1) + ", got " + replicas);
    }
    if (leafSetPeriodMillis < 100 || tablePeriodMillis < 100) {
      throw new IllegalArgumentException("maintenance periods must be at least 100 ms, got leafSetPeriodMillis="
          + leafSetPeriodMillis + " tablePeriodMillis=" + tablePeriodMillis);
    }
  }

  /** The defaults: b = 4, L = 16, M = 32, 3 replicas, leaf set every 30 s, a table row every 10 min, proximity on. */
  public static PastryConfig defaults() {
    return new PastryConfig(4, 16, 32, 3, 30_000, 600_000, true);
  }

  /**
   * Reads the options, rejecting unknown names and bad values.
   *
   * @throws IllegalArgumentException naming the offending option
   */
  public static PastryConfig from(StrategyOptions o) {
    o.requireOnly("pastry", NAMES);
    PastryConfig d = defaults();
    return new PastryConfig(
        o.getInt(B, d.b, 1, 8),
        o.getInt(LEAF_SET, d.leafSet, 2, 256),
        o.getInt(NEIGHBOURHOOD, d.neighbourhood, 0, 1024),
        o.getInt(REPLICAS, d.replicas, 1, 129),
        o.getLong(LEAF_SET_PERIOD, d.leafSetPeriodMillis),
        o.getLong(TABLE_PERIOD, d.tablePeriodMillis),
        o.getBoolean(PROXIMITY, d.proximity));
  }

  /** Number of values a digit takes: 2^b. */
  public int base() {
    return 1 << b;
  }
}
