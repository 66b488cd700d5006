package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.Timers;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/** A single-threaded event loop on virtual time for swarm tests: tasks, timers and a clock. */
final class ManualLoop implements Clock, Timers, Executor {

  private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Random random = new Random(1);
  private long now = 1_000_000;
  private long seq;

  @Override
  public long millis() {
    return now;
  }

  @Override
  public long nanos() {
    return now * 1_000_000L;
  }

  @Override
  public void execute(Runnable r) {
    queue.add(new Task(now, seq++, r, new boolean[1]));
  }

  @Override
  public Timer once(long delayMillis, Runnable task) {
    boolean[] c = new boolean[1];
    queue.add(new Task(now + delayMillis, seq++, task, c));
    return () -> c[0] = true;
  }

  @Override
  public Timer periodic(long periodMillis, long jitterMillis, Runnable task) {
    boolean[] c = new boolean[1];
    Runnable[] self = new Runnable[1];
    self[0] = () -> {
      task.run();
      if (!c[0]) {
        queue.add(new Task(now + periodMillis + (jitterMillis > 0 ? random.nextInt((int) jitterMillis + 1) : 0), seq++, self[0], c));
      }
    };
    queue.add(new Task(now + periodMillis, seq++, self[0], c));
    return () -> c[0] = true;
  }

  /** Runs tasks until {@code done} holds or {@code maxMillis} of virtual time pass; returns whether done. */
  boolean runUntil(BooleanSupplier done, long maxMillis) {
    long end = now + maxMillis;
    long steps = 0;
    while (!done.getAsBoolean()) {
      Task t = queue.poll();
      if (t == null || t.at > end) {
        if (t != null) {
          queue.add(t);
        }
        now = end;
        return done.getAsBoolean();
      }
      now = Math.max(now, t.at);
      if (!t.cancelled[0]) {
        t.run.run();
      }
      if (++steps > 20_000_000) {
        throw new AssertionError("runaway loop");
      }
    }
    return true;
  }

  /** Advances virtual time by {@code millis}, running what falls due. */
  void advance(long millis) {
    runUntil(() -> false, millis);
  }
}
