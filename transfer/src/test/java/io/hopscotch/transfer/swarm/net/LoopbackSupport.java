package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.transfer.swarm.session.SwarmEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs swarm engines and a tracker on one Vert.x event loop over real loopback sockets, every wait bounded. */
final class LoopbackSupport implements AutoCloseable {

  static final long WAIT_SECONDS = 60;
  final Vertx vertx = Vertx.vertx();
  final Context context = vertx.getOrCreateContext();
  private int engines;

  /** Runs {@code action} on the event loop and waits (bounded) for its future. */
  <T> T on(Supplier<Future<T>> action) {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(ar -> {
          if (ar.succeeded()) {
            out.complete(ar.result());
          } else {
            out.completeExceptionally(ar.cause());
          }
        });
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
    try {
      return out.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("waiting on the event loop failed: " + e, e);
    }
  }

  SwarmEngine engine() {
    long seed = ++engines;
    return on(() -> {
      Random r = new Random(seed);
      SwarmEngine e = new SwarmEngine(new VertxPeerWireTransport(context), Clock.system(), new VertxTimers(context, r), r,
          SwarmConfig.DEFAULTS);
      return e.start("127.0.0.1", 0).map(p -> e);
    });
  }

  HttpTrackerServer tracker() {
    return on(() -> HttpTrackerServer.start(vertx, "127.0.0.1", 0, Clock.system()));
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("closing Vert.x failed", e);
    }
  }
}
