package io.hopscotch.core.sim;

/**
 * Something that happens at a virtual instant. Ordered by time, then by the sequence number the
 * scheduler assigns, so events at equal times run in the order they were scheduled.
 */
abstract class SimEvent {

  /** Virtual time in microseconds since the simulation started; set by the scheduler. */
  long time;
  /** Tie-breaker; set by the scheduler. */
  long seq;
  /** Position in the scheduler's heap, or -1 when not queued; kept by the scheduler. */
  int heapIndex = -1;

  /**
   * True if the event no longer matters (a cancelled timer, a timer of a stopped node, the timeout of
   * an answered request). The scheduler drops such events without advancing the clock.
   */
  boolean isCancelled() {
    return false;
  }

  /** Does what the event stands for; the clock already shows {@link #time}. */
  abstract void run();
}
