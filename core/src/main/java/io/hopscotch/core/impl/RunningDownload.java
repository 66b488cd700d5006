package io.hopscotch.core.impl;

import io.hopscotch.core.Download;
import io.hopscotch.core.FetchCancelledException;
import io.hopscotch.core.Key;
import io.hopscotch.core.TransferProgress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's handle on one fetch: it relays the transfer strategy's result and progress, and turns
 * {@link #cancel()} into the strategy's cancel signal. The result and the signal are completed only on
 * the node's event loop; the cancellation runs as a task of its own (a zero-delay timer), never inside
 * a callback of the strategy (a progress listener may call {@link #cancel()}).
 */
final class RunningDownload implements Download {

  private static final Logger LOG = LoggerFactory.getLogger(RunningDownload.class);

  private final Key content;
  private final NodeRuntime runtime;
  private final BooleanSupplier nodeClosed;
  private final Promise<Path> result = Promise.promise();
  private final Promise<Void> cancelSignal = Promise.promise();
  private volatile TransferProgress latest;
  private volatile boolean cancelled;

  RunningDownload(Key content, NodeRuntime runtime, BooleanSupplier nodeClosed) {
    this.content = content;
    this.runtime = runtime;
    this.nodeClosed = nodeClosed;
  }

  /** The listener handed to the strategy: remembers each event, then passes it on. */
  Consumer<TransferProgress> relay(Consumer<TransferProgress> listener) {
    return p -> {
      latest = p;
      try {
        listener.accept(p);
      } catch (RuntimeException e) {
        LOG.warn("progress listener of {} failed: {}", content.toHex(), e.toString());
      }
    };
  }

  /** Completes when the fetch is cancelled; handed to the strategy. */
  Future<Void> cancelSignal() {
    return cancelSignal.future();
  }

  /** Relays the strategy's outcome, unless the fetch was cancelled first. Called on the loop. */
  void attach(Future<Path> outcome) {
    outcome.onComplete(ar -> {
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
  }

  /** Fails the fetch before the strategy ran. Called on the loop. */
  void fail(Throwable cause) {
    result.tryFail(cause);
  }

  @Override
  public Key content() {
    return content;
  }

  @Override
  public Future<Path> result() {
    return result.future();
  }

  @Override
  public TransferProgress progress() {
    return latest;
  }

  @Override
  public Future<Void> cancel() {
    if (result.future().isComplete()) {
      return Future.succeededFuture();
    }
    if (nodeClosed.getAsBoolean()) {
      // the loop may no longer run tasks; the strategies have stopped with the node
      markCancelled();
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    // if the node closes first, the task may never run; the fetch then ends with the node
    result.future().onComplete(ar -> done.tryComplete());
    runtime.execute(() -> runtime.timers().once(0, () -> {
      markCancelled();
      done.tryComplete();
    }));
    return done.future();
  }

  private void markCancelled() {
    if (result.future().isComplete()) {
      return;
    }
    // set before the result fails: whoever waits on the result may look at isCancelled() at once
    cancelled = true;
    if (result.tryFail(new FetchCancelledException("fetch of " + content.toHex() + " was cancelled"))) {
      cancelSignal.tryComplete();
    } else {
      cancelled = false; // the fetch ended first (only possible once the node has closed)
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}
