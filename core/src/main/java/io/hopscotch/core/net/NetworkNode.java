package io.hopscotch.core.net;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Stats;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Builds nodes that run on real networking: a {@link NodeEngine} on a Vert.x event-loop context with
 * the TLS {@link NetworkTransport}. Nodes that are given no Vert.x instance share one per process,
 * closed when the last of them closes.
 */
public final class NetworkNode {

  private NetworkNode() {
  }

  /**
   * A node on Vert.x with the TLS transport, not started yet. Its strategies are found by name on
   * the class path; the default transfer ({@value NodeOptions#AUTO_TRANSFER}: direct or swarm by size)
   * is left out (null) if its module is absent.
   *
   * @throws IllegalArgumentException if the routing or transfer name is unknown, an option is
   *     invalid, or the identity file cannot be read or written
   */
  public static Node create(NodeOptions options) {
    Objects.requireNonNull(options, "options");
    RoutingStrategy routing = Strategies.newRouting(options.getRouting(), StrategyOptions.of(options.getRoutingOptions()));
    return create(options, routing, Strategies.newTransfer(options));
  }

  /**
   * A node on Vert.x with the TLS transport and the given strategy instances (for tests and tools).
   *
   * @param transfer may be null: the node then refuses publish and fetch
   * @throws IllegalArgumentException if an option is invalid, the strategies' message types collide,
   *     or the identity file cannot be read or written
   */
  public static NodeEngine create(NodeOptions options, RoutingStrategy routing, TransferStrategy transfer) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(routing, "routing");
    Identity identity = identityOf(options);
    long seed = options.getSeed() != null ? options.getSeed() : new SecureRandom().nextLong();
    Stats stats = new Stats();
    NetworkRuntime runtime = new NetworkRuntime(identity, options.getVertx(), seed);
    try {
      NetworkTransport transport = new NetworkTransport(options, identity, runtime.context(), stats);
      runtime.transport(transport);
      NodeEngine engine = new NodeEngine(options, runtime, routing, transfer, stats);
      transport.registry(engine.registry());
      return engine;
    } catch (RuntimeException e) {
      runtime.shutdown(); // gives back the shared Vert.x reference taken above
      throw e;
    }
  }

  private static Identity identityOf(NodeOptions options) {
    if (options.getIdentity() != null) {
      return options.getIdentity();
    }
    if (options.getIdentityFile() != null) {
      try {
        return Identity.loadOrCreate(options.getIdentityFile());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot use identity file " + options.getIdentityFile() + ": " + e.getMessage(), e);
      }
    }
    return Identity.generate();
  }
}
