package io.hopscotch.core.sim;

import io.hopscotch.core.spi.Timers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's timers as events on the simulation's queue. A timer of a stopped node is simply skipped
 * when its time comes, so stopping a node needs no list of its timers; a periodic timer reuses one
 * event object for all its runs.
 */
final class SimTimers implements Timers {

  private static final Logger LOG = LoggerFactory.getLogger(SimTimers.class);

  private final SimRuntime owner;
  private final Scheduler scheduler;

  SimTimers(SimRuntime owner, Scheduler scheduler) {
    this.owner = owner;
    this.scheduler = scheduler;
  }

  @Override
  public Timer once(long delayMillis, Runnable task) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("timer delay must be >= 0 ms, got " + delayMillis);
    }
    TimerEvent t = new TimerEvent(task, 0, 0);
    scheduler.schedule(t, scheduler.nowMicros() + delayMillis * 1000);
    return t;
  }

  @Override
  public Timer periodic(long periodMillis, long jitterMillis, Runnable task) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("timer period must be > 0 ms, got " + periodMillis);
    }
    if (jitterMillis < 0) {
      throw new IllegalArgumentException("timer jitter must be >= 0 ms, got " + jitterMillis);
    }
    TimerEvent t = new TimerEvent(task, periodMillis * 1000, jitterMillis);
    t.nominal = scheduler.nowMicros() + t.periodMicros;
    scheduler.schedule(t, t.nominal + jitterMicros(jitterMillis));
    return t;
  }

  private long jitterMicros(long jitterMillis) {
    return jitterMillis == 0 ? 0 : owner.random().nextLong(jitterMillis * 1000 + 1);
  }

  /** One timer; periodic runs happen at start + k·period + a fresh jitter in [0, jitter]. */
  private final class TimerEvent extends SimEvent implements Timer {
    private final Runnable task;
    private final long periodMicros;
    private final long jitterMillis;
    private long nominal;
    private boolean cancelled;

    TimerEvent(Runnable task, long periodMicros, long jitterMillis) {
      this.task = task;
      this.periodMicros = periodMicros;
      this.jitterMillis = jitterMillis;
    }

    @Override
    public void cancel() {
      cancelled = true;
      scheduler.remove(this);
    }

    @Override
    boolean isCancelled() {
      return cancelled || !owner.isAlive();
    }

    @Override
    void run() {
      scheduler.trace(SimNetwork.TRACE_TIMER, owner.index(), owner.index(), 0, periodMicros);
      if (periodMicros == 0) {
        cancelled = true;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("timer task of simulated node {} failed", owner.index(), e);
      }
      if (periodMicros > 0 && !cancelled && owner.isAlive()) {
        nominal += periodMicros;
        scheduler.schedule(this, nominal + jitterMicros(jitterMillis));
      }
    }
  }
}
