package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.spi.Timers;
import io.vertx.core.Context;
import java.util.Random;

/**
 * {@link Timers} on a Vert.x context, for running a swarm engine outside a node (the command-line
 * tools and tests); a node's strategies get their timers from core instead.
 */
public final class VertxTimers implements Timers {

  private final Context context;
  private final Random random;

  /** Timers whose tasks run on {@code context}. */
  public VertxTimers(Context context, Random random) {
    this.context = context;
    this.random = random;
  }

  @Override
  public Timer once(long delayMillis, Runnable task) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("delay must be >= 0, got " + delayMillis);
    }
    long[] id = new long[1];
    boolean[] cancelled = new boolean[1];
    context.runOnContext(v -> {
      if (!cancelled[0]) {
        id[0] = context.owner().setTimer(Math.max(1, delayMillis), t -> task.run());
      }
    });
    return () -> {
      cancelled[0] = true;
      context.runOnContext(v -> context.owner().cancelTimer(id[0]));
    };
  }

  @Override
  public Timer periodic(long periodMillis, long jitterMillis, Runnable task) {
    if (periodMillis <= 0 || jitterMillis < 0) {
      throw new IllegalArgumentException("period must be > 0 and jitter >= 0, got " + periodMillis + " and " + jitterMillis);
    }
    boolean[] cancelled = new boolean[1];
    Runnable[] next = new Runnable[1];
    Timer[] current = new Timer[1];
    next[0] = () -> {
      long delay = periodMillis + (jitterMillis == 0 ? 0 : (long) (random.nextDouble() * jitterMillis));
      current[0] = once(delay, () -> {
        if (!cancelled[0]) {
          task.run();
          next[0].run();
        }
      });
    };
    next[0].run();
    return () -> {
      cancelled[0] = true;
      if (current[0] != null) {
        current[0].cancel();
      }
    };
  }
}
