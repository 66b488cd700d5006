package io.hopscotch.core.net;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.impl.NodeEngine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Starts loopback nodes with the echo strategy and awaits futures with a bound. */
final class NetTestSupport implements AutoCloseable {

  static final long AWAIT_SECONDS = 20;

  private final List<NodeEngine> nodes = new ArrayList<>();

  /**
   * Loopback options. Timeouts are generous: the first TLS handshake of a JVM runs cold crypto code
   * and can take seconds on a loaded machine; no test depends on them being short.
   */
  static NodeOptions options() {
    return new NodeOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setRequestTimeout(Duration.ofSeconds(10))
        .setConnectTimeout(Duration.ofSeconds(10))
        .setJoinTimeout(Duration.ofSeconds(10))
        .setSeed(42L);
  }

  /** A started node with the echo strategy. */
  NodeEngine start(NodeOptions options) {
    NodeEngine n = NetworkNode.create(options, new EchoStrategy(), null);
    nodes.add(n);
    await(n.start());
    return n;
  }

  NodeEngine start() {
    return start(options());
  }

  static EchoStrategy echo(NodeEngine n) {
    return (EchoStrategy) n.routingStrategy();
  }

  static NetworkTransport transport(NodeEngine n) {
    return (NetworkTransport) n.runtime().transport();
  }

  /** The future's value, waiting at most {@link #AWAIT_SECONDS}. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete in " + AWAIT_SECONDS + " s", e);
    }
  }

  /** The future's failure, waiting at most {@link #AWAIT_SECONDS}; fails if it succeeds. */
  static Throwable failure(Future<?> f) {
    try {
      Object v = f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete in " + AWAIT_SECONDS + " s", e);
    }
  }

  /** Waits (bounded) until {@code condition} holds; fails with {@code what} otherwise. */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + AWAIT_SECONDS + " s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Closes every node started here. */
  @Override
  public void close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (NodeEngine n : nodes) {
      closing.add(n.close());
    }
    await(Future.join(closing));
    nodes.clear();
  }
}
