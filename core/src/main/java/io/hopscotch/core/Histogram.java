package io.hopscotch.core;


/**
 * A compact log-linear histogram of non-negative longs (hop counts, latencies in nanoseconds):
 * exact below 16, then 8 linear sub-buckets per power of two, so quantiles are within 12.5 %.
 * Not thread-safe; {@link Stats} guards it.
 */
public final class Histogram {

  private static final int SUB = 8;
  private static final int EXACT = 16;
  private static final int BUCKETS = EXACT + (64 - 4) * SUB;

  private long[] counts; // allocated on first record: most simulated nodes never record
  private long total;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /** Records one value; negative values count as 0. */
  public void record(long value) {
    long v = Math.max(0, value);
    if (counts == null) {
      counts = new long[BUCKETS];
    }
    counts[bucket(v)]++;
    total++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  /** Adds every value of {@code other} to this one. */
  public void merge(Histogram other) {
    if (other.total == 0) {
      return;
    }
    if (counts == null) {
      counts = new long[BUCKETS];
    }
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  static int bucket(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int log = 63 - Long.numberOfLeadingZeros(v); // >= 4
    int sub = (int) ((v >>> (log - 3)) & (SUB - 1));
    return EXACT + (log - 4) * SUB + sub;
  }

  static long lowerBound(int bucket) {
    if (bucket < EXACT) {
      return bucket;
    }
    int log = (bucket - EXACT) / SUB + 4;
    int sub = (bucket - EXACT) % SUB;
    return (1L << log) | ((long) sub << (log - 3));
  }

  /** Number of values recorded. */
  public long count() {
    return total;
  }

  /** Mean, or 0 when empty. */
  public double mean() {
    return total == 0 ? 0 : (double) sum / total;
  }

  /** Smallest value, or 0 when empty. */
  public long min() {
    return total == 0 ? 0 : min;
  }

  /** Largest value, or 0 when empty. */
  public long max() {
    return total == 0 ? 0 : max;
  }

  /**
   * The value at quantile {@code q} in [0, 1]: exact below 16, otherwise the lower edge of its
   * bucket clamped to [min, max]. 0 when empty.
   */
  public long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    if (q <= 0) {
      return min;
    }
    if (q >= 1) {
      return max;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.max(min, Math.min(max, lowerBound(i)));
      }
    }
    return max;
  }

  /** A copy. */
  public Histogram copy() {
    Histogram h = new Histogram();
    h.merge(this);
    return h;
  }

  @Override
  public String toString() {
    return "Histogram[n=" + total + " mean=" + mean() + " max=" + max() + "]";
  }
}
