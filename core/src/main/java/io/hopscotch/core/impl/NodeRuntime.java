package io.hopscotch.core.impl;

import io.hopscotch.core.Signer;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.NodeTransport;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import java.util.Random;

/**
 * What a {@link NodeEngine} runs on: the network runtime (Vert.x event loop, TLS transport, system
 * clock) or a simulated one (virtual clock, simulated network). Built before the engine; the engine
 * starts the transport.
 */
public interface NodeRuntime {

  /** The node's signer (an Identity on real networks). */
  Signer signer();

  /** The signature scheme peers use. */
  Verifier verifier();

  /** Clock. */
  Clock clock();

  /** Timers confined to the node's event loop. */
  Timers timers();

  /** Seeded random source. */
  Random random();

  /** The transport, not yet started. */
  NodeTransport transport();

  /** Runs {@code task} on the node's event loop (inline if already there, or in the simulator). */
  void execute(Runnable task);

  /**
   * Runs blocking work (file I/O) where it cannot hold up the node's event loop; the future completes
   * on the loop. The default runs it inline, as the simulator must to stay exact.
   */
  default <T> Future<T> executeBlocking(java.util.concurrent.Callable<T> task) {
    try {
      return Future.succeededFuture(task.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** Releases what the runtime owns beyond the transport (an owned Vert.x instance). */
  Future<Void> shutdown();
}
