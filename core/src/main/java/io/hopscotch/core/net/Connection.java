package io.hopscotch.core.net;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of one TLS connection, confined to its node's event loop: who the peer proved to be, what
 * it advertised in its HELLO, the requests awaiting an answer on it, and its timers. The protocol
 * itself lives in {@link NetworkTransport}.
 */
final class Connection {

  final NetSocket socket;
  /** True if this node opened the connection. */
  final boolean outbound;
  /** The address dialled (outbound only), else null. */
  final Address dialled;
  final FrameSplitter splitter;
  /** Requests sent on this connection, by correlation id. */
  final Map<Integer, PendingRequest> pending = new HashMap<>();

  /** The id the peer's certificate proves; null until checked. */
  Key peerId;
  /** The proven id with the address the peer advertised; null until its HELLO arrived. */
  Peer peer;
  /** Completes when an outbound connection is ready (HELLO received); null for inbound ones. */
  Promise<Connection> ready;
  /** Requests received on this connection whose responses are not written yet. */
  int inboundInFlight;
  long lastActivityNanos = System.nanoTime();
  long helloTimer = -1;
  long idleTimer = -1;
  boolean closed;

  Connection(NetSocket socket, boolean outbound, Address dialled, int maxFrameBytes) {
    this.socket = socket;
    this.outbound = outbound;
    this.dialled = dialled;
    this.splitter = new FrameSplitter(maxFrameBytes);
  }

  /** True once both HELLOs passed and until the connection closes. */
  boolean usable() {
    return peer != null && !closed;
  }

  /**
   * Writes a complete frame unless the connection is closed or its write queue is full.
   *
   * @return false if nothing was written
   */
  boolean write(Buffer frame) {
    if (closed || socket.writeQueueFull()) {
      return false;
    }
    socket.write(frame);
    lastActivityNanos = System.nanoTime();
    return true;
  }

  /** For log lines: the peer if known, else the proven id, else the remote socket address. */
  String describe() {
    String remote = String.valueOf(socket.remoteAddress());
    if (peer != null) {
      return (outbound ? "to " : "from ") + peer + " (" + remote + ")";
    }
    if (peerId != null) {
      return (outbound ? "to " : "from ") + peerId + " (" + remote + ")";
    }
    return (outbound ? "to " : "from ") + remote;
  }
}
