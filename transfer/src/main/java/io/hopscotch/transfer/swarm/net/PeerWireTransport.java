package io.hopscotch.transfer.swarm.net;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * The swarm's data-plane seam: plain byte-stream connections for the BEP 3 peer wire protocol. The
 * protocol rules stay free of networking; {@link VertxPeerWireTransport} gives them real TCP sockets,
 * {@link InMemoryWireNetwork} gives them in-process channels for tests and the simulator.
 *
 * <p>Every callback and future completion runs on the event loop that owns the transport.
 */
public interface PeerWireTransport {

  /**
   * Accepts connections on {@code host:port} (0 picks a free port).
   *
   * @return the bound port; fails if the address is taken
   */
  Future<Integer> listen(String host, int port, Consumer<WireChannel> acceptor);

  /** Connects to {@code host:port}; fails with the reason if nobody accepts. */
  Future<WireChannel> connect(String host, int port);

  /** Stops listening and closes every channel this transport made. Idempotent. */
  Future<Void> close();
}
