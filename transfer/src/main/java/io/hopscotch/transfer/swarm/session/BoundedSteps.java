package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.BooleanSupplier;

/**
 * Runs long work (hashing files) in bounded steps: either on an event loop, the first step at once
 * and each further one from a zero-delay timer, so that messages, timers and other transfers queued
 * in between are served (content small enough for one step completes before {@code run} returns); or
 * each step on a worker thread through an {@link OffLoop}, so that the loop never waits for the disk.
 */
public final class BoundedSteps {

  /** Bytes of file a step reads and hashes: a few milliseconds of work. */
  public static final long STEP_BYTES = 4L * 1024 * 1024;

  /** One bounded piece of the work. */
  @FunctionalInterface
  public interface Step {
    /**
     * Does the next piece of work.
     *
     * @return true when the whole work is done
     * @throws Exception to fail the work
     */
    boolean next() throws Exception;
  }

  /** Where a step runs: off the event loop (a worker thread), its result delivered back on the loop. */
  @FunctionalInterface
  public interface OffLoop {
    /**
     * Runs {@code step} and completes on the event loop with its result.
     *
     * @param step one step of the work; returns true when the work is done
     */
    Future<Boolean> run(java.util.concurrent.Callable<Boolean> step);
  }

  private BoundedSteps() {
  }

  /**
   * Runs {@code step} until it reports done, each step through {@code offLoop} (on a worker thread on
   * real networks), one at a time; with {@code offLoop} null each step runs on the loop, as
   * {@link #run(Timers, Step, BooleanSupplier, String)} does. The step may touch only state that the
   * caller leaves alone until the returned future completes.
   */
  public static Future<Void> run(Timers timers, OffLoop offLoop, Step step, BooleanSupplier stopped, String stopReason) {
    if (offLoop == null) {
      return run(timers, step, stopped, stopReason);
    }
    Promise<Void> out = Promise.promise();
    goOff(offLoop, step, stopped, stopReason, out);
    return out.future();
  }

  private static void goOff(OffLoop offLoop, Step step, BooleanSupplier stopped, String stopReason, Promise<Void> out) {
    if (stopped.getAsBoolean()) {
      out.tryFail(new io.hopscotch.core.HopscotchException(stopReason));
      return;
    }
    Future<Boolean> next;
    try {
      next = offLoop.run(step::next);
    } catch (RuntimeException e) {
      out.tryFail(e);
      return;
    }
    next.onComplete(ar -> {
      if (ar.failed()) {
        out.tryFail(ar.cause());
      } else if (Boolean.TRUE.equals(ar.result())) {
        out.tryComplete();
      } else {
        goOff(offLoop, step, stopped, stopReason, out);
      }
    });
  }

  /**
   * Runs {@code step} until it reports done.
   *
   * @param stopped checked before every step; once true the work fails with {@code stopReason}
   * @return completes when the work is done; fails with the step's exception or when stopped
   */
  public static Future<Void> run(Timers timers, Step step, BooleanSupplier stopped, String stopReason) {
    Promise<Void> out = Promise.promise();
    go(timers, step, stopped, stopReason, out);
    return out.future();
  }

  private static void go(Timers timers, Step step, BooleanSupplier stopped, String stopReason, Promise<Void> out) {
    if (stopped.getAsBoolean()) {
      out.tryFail(new io.hopscotch.core.HopscotchException(stopReason));
      return;
    }
    boolean done;
    try {
      done = step.next();
    } catch (Exception e) {
      out.tryFail(e);
      return;
    }
    if (done) {
      out.tryComplete();
    } else {
      timers.once(0, () -> go(timers, step, stopped, stopReason, out));
    }
  }
}
