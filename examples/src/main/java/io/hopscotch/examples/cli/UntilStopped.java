package io.hopscotch.examples.cli;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Holds a long-running command ({@code tracker}, {@code share}) until the process is asked to stop
 * (SIGINT or SIGTERM) or {@link #stop()} is called, then runs its clean-up, each step within a bound,
 * so the process exits promptly and an in-process caller (a test) can stop the command too.
 */
final class UntilStopped {

  /** Longest wait for a command's clean-up, in seconds. */
  static final long CLEANUP_SECONDS = 10;

  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /** Asks the command to stop; harmless if it has stopped already. */
  void stop() {
    stopped.complete(null);
  }

  /**
   * Blocks until {@link #stop()} is called or the process shuts down, then runs {@code cleanup}; during
   * a shutdown the process waits for the clean-up as well (at most {@link #CLEANUP_SECONDS} per step
   * waited for with {@link #waitFor}, so a few steps).
   *
   * @param cleanup closes what the command opened, on the calling thread
   */
  void await(String name, Runnable cleanup) throws InterruptedException {
    CountDownLatch cleaned = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopped.complete(null);
      try {
        cleaned.await(3 * CLEANUP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "hopscotch-" + name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.join();
      cleanup.run();
    } finally {
      cleaned.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the process is shutting down: the hook is running
      }
    }
  }

  /**
   * Waits at most {@link #CLEANUP_SECONDS} for one clean-up step; its failure is ignored, the command
   * is stopping. Call it from the waiting thread, not an event loop: closing Vert.x from a callback on
   * its own loop would leave nothing to run the completion.
   */
  static void waitFor(Future<?> step) {
    try {
      step.toCompletionStage().toCompletableFuture().get(CLEANUP_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // stopping anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
