package io.hopscotch.core.spi;

/**
 * Timers that fire on the node's own event loop (or at virtual instants in the simulator). Tasks of
 * one node never run concurrently with each other or with its message handlers. Every timer is
 * cancelled when the node closes.
 */
public interface Timers {

  /** A scheduled task that can be cancelled. */
  interface Timer {
    /** Cancels the timer; harmless if it already fired or was cancelled. */
    void cancel();
  }

  /**
   * Runs {@code task} once after {@code delayMillis}.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  Timer once(long delayMillis, Runnable task);

  /**
   * Runs {@code task} every {@code periodMillis}, each run shifted by a uniform random jitter in
   * [0, {@code jitterMillis}] drawn from the node's seeded random source, so that nodes started together
   * do not act in lock-step.
   *
   * @throws IllegalArgumentException if the period is not positive or the jitter is negative
   */
  Timer periodic(long periodMillis, long jitterMillis, Runnable task);
}
