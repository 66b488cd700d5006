package io.hopscotch.core.net;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.impl.NodeRuntime;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.NodeTransport;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.Random;

/**
 * A {@link NodeRuntime} on real networking: one Vert.x event-loop context of its own (on a Vert.x
 * instance shared by all nodes of the process unless the application supplied one), the system clock,
 * and the TLS {@link NetworkTransport}.
 */
final class NetworkRuntime implements NodeRuntime {

  private final Identity identity;
  private final Vertx vertx;
  private final boolean sharedVertx;
  private final ContextInternal context;
  private final Random random;
  private final ContextTimers timers;
  private NetworkTransport transport;
  private boolean shutDown;

  /**
   * A runtime on {@code vertx}, or on the shared process-wide instance if it is null.
   *
   * @param seed seed of the node's random source
   */
  NetworkRuntime(Identity identity, Vertx vertx, long seed) {
    this.identity = identity;
    this.sharedVertx = vertx == null;
    this.vertx = sharedVertx ? SharedVertx.acquire() : vertx;
    // A fresh context even when called from a Vert.x thread, so that each node has its own.
    this.context = ((VertxInternal) this.vertx).createEventLoopContext();
    this.random = new Random(seed);
    this.timers = new ContextTimers(context, random);
  }

  /** Attaches the transport; called once, before the engine is built. */
  void transport(NetworkTransport transport) {
    this.transport = transport;
  }

  /** The node's event-loop context. */
  ContextInternal context() {
    return context;
  }

  /** The Vert.x instance the node runs on. */
  Vertx vertx() {
    return vertx;
  }

  @Override
  public Signer signer() {
    return identity;
  }

  @Override
  public Verifier verifier() {
    return Verifier.ed25519();
  }

  @Override
  public Clock clock() {
    return Clock.system();
  }

  @Override
  public Timers timers() {
    return timers;
  }

  @Override
  public Random random() {
    return random;
  }

  @Override
  public NodeTransport transport() {
    return transport;
  }

  @Override
  public void execute(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  /** Runs {@code task} on a Vert.x worker thread, unordered; the future completes on the node's context. */
  @Override
  public <T> Future<T> executeBlocking(java.util.concurrent.Callable<T> task) {
    return context.executeBlocking(task, false);
  }

  /** Cancels the node's timers and releases the shared Vert.x instance; a supplied instance stays open. */
  @Override
  public synchronized Future<Void> shutdown() {
    if (shutDown) {
      return Future.succeededFuture();
    }
    shutDown = true;
    timers.cancelAll();
    return sharedVertx ? SharedVertx.release(vertx) : Future.succeededFuture();
  }
}
