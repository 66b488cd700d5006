package io.hopscotch.examples.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Holds a long-running command ({@code tracker}, {@code share}) until the process is asked to stop
 * (SIGINT or SIGTERM) or {@link #stop()} is called, then runs its clean-up within a bound, so the
 * process exits promptly and an in-process caller (a test) can stop the command too.
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
   * Blocks until {@link #stop()} is called or the process shuts down, then runs {@code cleanup} and
   * waits for it at most {@link #CLEANUP_SECONDS}; during a shutdown the process waits for the
   * clean-up as well.
   *
   * @param cleanup closes what the command opened; its failure is ignored, the command is stopping
   */
  void await(String name, Supplier<CompletableFuture<?>> cleanup) throws InterruptedException {
    CountDownLatch cleaned = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopped.complete(null);
      try {
        cleaned.await(CLEANUP_SECONDS + 5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "hopscotch-" + name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.join();
      try {
        cleanup.get().get(CLEANUP_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // stopping anyway
      }
    } finally {
      cleaned.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the process is shutting down: the hook is running
      }
    }
  }
}
