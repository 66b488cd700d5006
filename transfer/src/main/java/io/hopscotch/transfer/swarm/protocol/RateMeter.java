package io.hopscotch.transfer.swarm.protocol;

/**
 * Bytes per second over the last seconds (default {@value #WINDOW_SECONDS}), in one-second buckets. Time comes
 * from the caller (monotonic nanoseconds), so it runs on virtual time too.
 */
public final class RateMeter {

  /** Length of the averaging window. */
  public static final int WINDOW_SECONDS = 20;

  private final long[] buckets;
  private final int window;
  private final long startSecond;
  private long lastSecond;
  private long total;

  /** A meter starting at {@code nowNanos}, averaging over {@value #WINDOW_SECONDS} seconds. */
  public RateMeter(long nowNanos) {
    this(nowNanos, WINDOW_SECONDS);
  }

  /**
   * A meter starting at {@code nowNanos}, averaging over {@code windowSeconds} seconds.
   *
   * @throws IllegalArgumentException if {@code windowSeconds} is below 1
   */
  public RateMeter(long nowNanos, int windowSeconds) {
    if (windowSeconds < 1) {
      throw new IllegalArgumentException("rate window must be >= 1 s, got " + windowSeconds);
    }
    this.window = windowSeconds;
    this.buckets = new long[windowSeconds];
    this.startSecond = nowNanos / 1_000_000_000L;
    this.lastSecond = startSecond;
  }

  private void advance(long second) {
    if (second <= lastSecond) {
      return;
    }
    for (long s = lastSecond + 1; s <= Math.min(second, lastSecond + window); s++) {
      buckets[(int) (s % window)] = 0;
    }
    lastSecond = second;
  }

  /** Counts {@code bytes} at {@code nowNanos}. */
  public void add(long bytes, long nowNanos) {
    advance(nowNanos / 1_000_000_000L);
    buckets[(int) (lastSecond % window)] += bytes;
    total += bytes;
  }

  /** The average rate over the window (or since the start, if shorter), bytes per second. */
  public double rate(long nowNanos) {
    advance(nowNanos / 1_000_000_000L);
    long sum = 0;
    for (long b : buckets) {
      sum += b;
    }
    long span = Math.max(1, Math.min(window, lastSecond - startSecond + 1));
    return (double) sum / span;
  }

  /** Bytes counted since creation. */
  public long total() {
    return total;
  }
}
