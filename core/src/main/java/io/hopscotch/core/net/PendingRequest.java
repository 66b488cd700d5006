package io.hopscotch.core.net;

import io.hopscotch.core.wire.Message;
import io.vertx.core.Promise;

/** A request sent (or about to be sent) that awaits its response, with its timeout timer. */
final class PendingRequest {

  final Promise<Message> promise;
  final String typeName;
  /** The target as callers know it (a peer or an address), for messages. */
  final String target;
  final long timeoutMillis;
  long timer = -1;
  /** The connection it was written on, once it was. */
  Connection connection;
  int correlation;

  PendingRequest(Promise<Message> promise, String typeName, String target, long timeoutMillis) {
    this.promise = promise;
    this.typeName = typeName;
    this.target = target;
    this.timeoutMillis = timeoutMillis;
  }
}
