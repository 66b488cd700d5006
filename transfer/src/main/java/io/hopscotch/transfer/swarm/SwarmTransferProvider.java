package io.hopscotch.transfer.swarm;

import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.spi.TransferStrategyProvider;
import io.hopscotch.transfer.swarm.net.VertxPeerWireTransport;
import io.hopscotch.transfer.swarm.net.VertxTrackerAccess;

/**
 * Provides the swarm ({@value #NAME}); options in {@link SwarmOptions}. Its peer wire port is plain
 * TCP, and its HTTP trackers (announced to, and hosted) plain HTTP, on the node's event loop.
 */
public final class SwarmTransferProvider implements TransferStrategyProvider {

  /** The transfer name. */
  public static final String NAME = "swarm";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new swarm transfer.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public TransferStrategy create(StrategyOptions options) {
    return new SwarmTransfer(SwarmOptions.parse(options), ctx -> VertxPeerWireTransport.onCurrentContext(),
        ctx -> VertxTrackerAccess.onCurrentContext());
  }
}
