package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.BooleanSupplier;

/**
 * Runs long work (hashing files) on an event loop in bounded steps: the first step at once, each
 * further one from a zero-delay timer, so that messages, timers and other transfers queued in
 * between are served. Content small enough for one step completes before {@link #run} returns.
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

  private BoundedSteps() {
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
