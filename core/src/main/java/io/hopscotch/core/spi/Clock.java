package io.hopscotch.core.spi;

/** Time as a strategy sees it: the wall clock on real networks, virtual time in the simulator. */
public interface Clock {

  /** Milliseconds since the epoch (virtual in the simulator). Used for expiry and leases. */
  long millis();

  /** A monotonic time in nanoseconds for measuring intervals (virtual in the simulator). */
  long nanos();

  /** The system clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}

/** The JVM clocks; only core uses them, strategies receive a {@link Clock}. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }
}
