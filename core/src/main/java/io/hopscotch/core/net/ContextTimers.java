package io.hopscotch.core.net;

import io.hopscotch.core.spi.Timers;
import io.vertx.core.internal.ContextInternal;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * {@link Timers} on one Vert.x event-loop context: every task runs on that context, whatever thread
 * scheduled it. Live timers are tracked so that {@link #cancelAll} can stop them when the node closes.
 */
final class ContextTimers implements Timers {

  private final ContextInternal context;
  private final Random random;
  private final Set<ContextTimer> live = new HashSet<>();
  private boolean closed;

  /** Timers on {@code context}; jitter is drawn from {@code random} (used on the context only). */
  ContextTimers(ContextInternal context, Random random) {
    this.context = context;
    this.random = random;
  }

  @Override
  public Timer once(long delayMillis, Runnable task) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("timer delay must not be negative, got " + delayMillis);
    }
    ContextTimer t = new ContextTimer(task, 0, 0);
    t.schedule(delayMillis);
    return t;
  }

  @Override
  public Timer periodic(long periodMillis, long jitterMillis, Runnable task) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("timer period must be positive, got " + periodMillis);
    }
    if (jitterMillis < 0) {
      throw new IllegalArgumentException("timer jitter must not be negative, got " + jitterMillis);
    }
    ContextTimer t = new ContextTimer(task, periodMillis, jitterMillis);
    t.schedule(t.nextDelay());
    return t;
  }

  /** Cancels every live timer and refuses to run any more tasks. */
  synchronized void cancelAll() {
    closed = true;
    for (ContextTimer t : Set.copyOf(live)) {
      t.cancel();
    }
    live.clear();
  }

  /**
   * One timer. A periodic one runs at start + k·period + a fresh jitter in [0, jitter], as in the
   * simulator, so its rate is exactly 1/period however long each run takes.
   */
  private final class ContextTimer implements Timer {
    private final Runnable task;
    private final long period;
    private final long jitter;
    private long vertxId = -1;
    private boolean cancelled;
    private final long originNanos = System.nanoTime();
    private long runs;

    ContextTimer(Runnable task, long period, long jitter) {
      this.task = task;
      this.period = period;
      this.jitter = jitter;
    }

    long nextDelay() {
      long j;
      synchronized (ContextTimers.this) {
        j = jitter == 0 ? 0 : (long) (random.nextDouble() * (jitter + 1));
      }
      runs++;
      long elapsedMillis = (System.nanoTime() - originNanos) / 1_000_000;
      return Math.max(1, runs * period + Math.min(j, jitter) - elapsedMillis);
    }

    void schedule(long delay) {
      synchronized (ContextTimers.this) {
        if (closed || cancelled) {
          return;
        }
        live.add(this);
        // Vert.x timers need a delay of at least 1 ms.
        vertxId = context.setTimer(Math.max(1, delay), id -> fire());
      }
    }

    private void fire() {
      synchronized (ContextTimers.this) {
        if (closed || cancelled) {
          return;
        }
        if (period == 0) {
          live.remove(this);
        }
      }
      try {
        task.run();
      } finally {
        if (period > 0) {
          schedule(nextDelay());
        }
      }
    }

    @Override
    public void cancel() {
      synchronized (ContextTimers.this) {
        cancelled = true;
        live.remove(this);
        if (vertxId >= 0) {
          context.owner().cancelTimer(vertxId);
        }
      }
    }
  }
}
