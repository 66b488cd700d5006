package io.hopscotch.core.spi;

import io.hopscotch.core.Address;
import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;

/**
 * How a strategy talks to other nodes. On real networks: TLS connections, reused and closed when idle;
 * in the simulator: events with modelled latency and loss. Futures complete on the node's event loop.
 *
 * <p>Failures arrive as failed futures: {@link PeerUnreachableException} (cannot connect, refused,
 * firewalled, crashed), {@link RequestTimeoutException}, {@link RemoteException} (the other side's handler
 * failed), or {@link PeerIdMismatchException} (the node at that address is not the claimed id).
 */
public interface Transport {

  /** Sends a one-way message. Delivery is not confirmed; a failure is logged and counted, not reported. */
  void send(Peer to, Message message);

  /** Sends a request and awaits its response for the node's default request timeout. */
  Future<Message> request(Peer to, Message request);

  /** Sends a request and awaits its response for at most {@code timeoutMillis}. */
  Future<Message> request(Peer to, Message request, long timeoutMillis);

  /**
   * Sends a request to an address whose node id is not known yet (a bootstrap address). The responder's
   * authenticated id is whatever it proves; strategies learn it from the response's content.
   */
  Future<Message> request(Address to, Message request, long timeoutMillis);

  /**
   * Closes every connection to {@code peer} because it sent something it must not (a forged record
   * in a response, for example): the reason is logged, requests pending on those connections fail
   * with {@link PeerUnreachableException}, and a later request opens a new connection. Transports
   * without connections (the simulator) ignore it, which is the default.
   *
   * @param reason what the peer did, for the log
   */
  default void disconnect(Peer peer, String reason) {
  }
}
