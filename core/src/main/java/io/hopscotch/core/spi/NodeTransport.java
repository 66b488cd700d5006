package io.hopscotch.core.spi;

import io.hopscotch.core.Address;
import io.vertx.core.Future;

/** A {@link Transport} with its lifecycle, as a node runtime owns it. Not for strategies. */
public interface NodeTransport extends Transport {

  /** Starts accepting messages (unless firewalled) and returns the address peers should use. */
  Future<Address> start(InboundHandler handler);

  /** Closes every connection and the listening socket. */
  Future<Void> close();
}
