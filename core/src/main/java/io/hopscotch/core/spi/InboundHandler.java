package io.hopscotch.core.spi;

import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;

/** Receives what a transport delivers. Runs on the node's event loop. */
public interface InboundHandler {

  /** A one-way message from {@code from} (an authenticated id and its listening address). */
  void onMessage(Peer from, Message message);

  /**
   * A request; the returned future's value is sent back as the response. A failed future sends an
   * error carrying its message, and the requester's future fails with {@link RemoteException}.
   */
  Future<Message> onRequest(Peer from, Message request);

  /** The connection to {@code peer} was closed or the peer became unreachable (may never be called in some transports). */
  default void onDisconnect(Peer peer) {
  }
}
