package io.hopscotch.core.net;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.spi.InboundHandler;
import io.hopscotch.core.spi.NodeTransport;
import io.hopscotch.core.spi.PeerIdMismatchException;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageRegistry;
import io.hopscotch.core.wire.ProtocolViolationException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network transport: TCP with TLS 1.3 only, mutual authentication with each node's self-signed
 * Ed25519 certificate, and length-prefixed frames (see {@link FrameCodec}).
 *
 * <p>Every connection starts with a HELLO from each side; until both the HELLO and the check that the
 * peer's certificate proves the expected id have passed, nothing else is accepted. The id is checked
 * from the peer's certificate on every connection, resumed TLS sessions included. At most one
 * connection per peer id is used for sending, whichever side opened it, so a firewalled node is
 * answered on the connection it opened. Connections idle for the idle timeout with nothing pending
 * are closed. A peer that sends garbage, an oversized frame, an unknown message type or a malformed
 * body loses its connection (one WARN line saying why); so does one whose request a handler fails
 * with a {@link ProtocolViolationException} (after the error is sent back), or one that
 * {@link #disconnect} names; nothing else is affected.
 *
 * <p>All state is confined to the node's event-loop context; public methods may be called from any
 * thread and their futures complete on that context.
 */
public final class NetworkTransport implements NodeTransport {

  private static final Logger LOG = LoggerFactory.getLogger(NetworkTransport.class);

  /** Most sends that may wait for one connection being established; beyond it they fail at once. */
  static final int MAX_WAITING_PER_DIAL = 4096;
  /** Longest error reason read back into a {@link RemoteException}, in characters. */
  static final int MAX_REMOTE_REASON_CHARS = 512;

  private final NodeOptions options;
  private final Identity identity;
  private final Stats stats;
  private final ContextInternal context;
  private final Vertx vertx;
  private final int maxFrameBytes;
  private final long connectTimeoutMillis;
  private final long idleTimeoutMillis;
  private final int writeQueueMaxBytes;

  private MessageRegistry registry;
  private InboundHandler handler;
  private NetServer server;
  private NetClient client;
  private Address advertised;
  private boolean started;
  private boolean closed;
  private Future<Void> closeFuture;
  private int nextCorrelation;

  private final Set<Connection> connections = new HashSet<>();
  private final Map<Key, Connection> byId = new HashMap<>();
  private final Map<Address, Connection> byDialledAddress = new HashMap<>();
  private final Map<Key, Dial> dialsById = new HashMap<>();
  private final Map<Address, Dial> dialsByAddress = new HashMap<>();
  private final Set<PendingRequest> outstanding = new HashSet<>();

  /** A connection being established and how many sends wait for it. */
  private static final class Dial {
    final Promise<Connection> promise = Promise.promise();
    int waiters;
  }

  /**
   * A transport for the node with {@code identity}, running on {@code context}.
   *
   * @param stats where traffic and bad input are counted
   */
  NetworkTransport(NodeOptions options, Identity identity, ContextInternal context, Stats stats) {
    this.options = new NodeOptions(options);
    this.identity = identity;
    this.context = context;
    this.vertx = context.owner();
    this.stats = stats;
    this.maxFrameBytes = options.getMaxFrameBytes();
    this.connectTimeoutMillis = options.getConnectTimeout().toMillis();
    this.idleTimeoutMillis = options.getIdleTimeout().toMillis();
    // Room for a few maximal frames, so a burst of requests is queued while a slow peer cannot grow memory without bound.
    this.writeQueueMaxBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(4L * maxFrameBytes, 8L << 20));
  }

  /** Sets the decoder of incoming messages; must be called before {@link #start}. */
  void registry(MessageRegistry registry) {
    this.registry = registry;
  }

  // ---- lifecycle ----

  /**
   * Opens the client and, unless firewalled, the TLS server on the configured host and port.
   *
   * @return the address to advertise: the bound port, or port 0 if firewalled; fails with a
   *     {@link HopscotchException} naming the address if it cannot be bound
   */
  @Override
  public Future<Address> start(InboundHandler handler) {
    Promise<Address> p = Promise.promise();
    onContext(() -> {
      if (closed) {
        p.fail(new HopscotchException("transport is closed"));
        return;
      }
      if (started) {
        p.complete(advertised);
        return;
      }
      if (registry == null) {
        p.fail(new IllegalStateException("transport has no message registry"));
        return;
      }
      this.handler = handler;
      TlsCredentials creds;
      try {
        creds = TlsCredentials.of(identity);
      } catch (RuntimeException e) {
        p.fail(e);
        return;
      }
      client = vertx.createNetClient(new NetClientOptions()
          .setSsl(true)
          .setSslEngineOptions(new JdkSSLEngineOptions())
          .setKeyCertOptions(KeyCertOptions.wrap(creds.keyManagers()))
          .setTrustOptions(TrustOptions.wrap(TlsCredentials.trustAnyEd25519()))
          .setHostnameVerificationAlgorithm("")
          .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
          .setSslHandshakeTimeout(connectTimeoutMillis)
          .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
          .setTcpNoDelay(true));
      if (options.isFirewalled()) {
        advertised = new Address(options.getHost(), 0);
        started = true;
        p.complete(advertised);
        return;
      }
      server = vertx.createNetServer(new NetServerOptions()
          .setHost(options.getHost())
          .setPort(options.getPort())
          .setSsl(true)
          .setClientAuth(ClientAuth.REQUIRED)
          .setSslEngineOptions(new JdkSSLEngineOptions())
          .setKeyCertOptions(KeyCertOptions.wrap(creds.keyManagers()))
          .setTrustOptions(TrustOptions.wrap(TlsCredentials.trustAnyEd25519()))
          .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
          .setSslHandshakeTimeout(connectTimeoutMillis)
          .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
          .setTcpNoDelay(true));
      server.connectHandler(socket -> {
        holdIfOffContext(socket);
        onContext(() -> accepted(socket));
      });
      // Failures before a connection is handed over: mostly TLS handshakes (no certificate, not TLS 1.3, not TLS at all).
      server.exceptionHandler(e -> {
        stats.increment("net.handshakes.failed");
        LOG.warn("rejected an incoming connection on {}: {}", advertised, reason(e));
      });
      server.listen().onComplete(ar -> onContext(() -> {
        if (ar.failed()) {
          Address wanted = new Address(options.getHost(), options.getPort());
          client.close();
          p.fail(new HopscotchException("cannot listen on " + wanted + ": " + reason(ar.cause()), ar.cause()));
          return;
        }
        advertised = new Address(options.getHost(), server.actualPort());
        started = true;
        if (closed) {
          server.close();
        }
        p.complete(advertised);
      }));
    });
    return p.future();
  }

  /**
   * Closes the server, every connection and every timer; pending requests fail. Idempotent.
   */
  @Override
  public synchronized Future<Void> close() {
    if (closeFuture != null) {
      return closeFuture;
    }
    Promise<Void> done = Promise.promise();
    closeFuture = done.future();
    onContext(() -> {
      closed = true;
      HopscotchException cause = new HopscotchException("the node's transport closed");
      for (Dial d : new ArrayList<>(dialsById.values())) {
        d.promise.tryFail(cause);
      }
      for (Dial d : new ArrayList<>(dialsByAddress.values())) {
        d.promise.tryFail(cause);
      }
      for (Connection c : new ArrayList<>(connections)) {
        closeConnection(c, "node closing", false);
      }
      for (PendingRequest pr : new ArrayList<>(outstanding)) {
        finish(pr, null, new HopscotchException("request " + pr.typeName + " to " + pr.target
            + " abandoned: the node's transport closed"));
      }
      List<Future<Void>> closing = new ArrayList<>();
      if (server != null) {
        closing.add(server.close());
      }
      if (client != null) {
        closing.add(client.close());
      }
      Future.join(closing).onComplete(ar -> done.tryComplete());
    });
    return closeFuture;
  }

  /** The address peers should use (port 0 if firewalled); null before {@link #start} completed. */
  public Address advertised() {
    return advertised;
  }

  /** Open connections, established or still handshaking (tests and tools watch it). */
  public Future<Integer> connectionCount() {
    Promise<Integer> p = Promise.promise();
    onContext(() -> p.complete(connections.size()));
    return p.future();
  }

  // ---- sending ----

  /**
   * Sends a one-way message over the connection to {@code to}, opening one if needed. Failures
   * (unreachable, wrong id, message too big, write queue full) are logged and counted, not reported.
   */
  @Override
  public void send(Peer to, Message message) {
    onContext(() -> {
      if (!started || closed) {
        stats.increment("net.sends.failed");
        LOG.debug("dropping {} to {}: transport not running", message.type(), to);
        return;
      }
      Buffer frame;
      try {
        frame = FrameCodec.message(Frame.ONEWAY, 0, message, maxFrameBytes);
      } catch (RuntimeException e) {
        stats.increment("net.sends.too_large");
        LOG.warn("not sending {} to {}: {}", message.type(), to, e.getMessage());
        return;
      }
      connectionTo(to).onComplete(ar -> {
        if (ar.failed()) {
          stats.increment("net.sends.failed");
          LOG.debug("dropping {} to {}: {}", message.type(), to, ar.cause().getMessage());
          return;
        }
        if (ar.result().write(frame)) {
          stats.sent(message.type().name(), frame.length());
        } else {
          stats.increment("net.sends.dropped");
          LOG.debug("dropping {} to {}: connection closed or write queue full", message.type(), to);
        }
      });
    });
  }

  @Override
  public Future<Message> request(Peer to, Message request) {
    return request(to, request, options.getRequestTimeout().toMillis());
  }

  @Override
  public Future<Message> request(Peer to, Message request, long timeoutMillis) {
    return request(to.toString(), () -> connectionTo(to), request, timeoutMillis);
  }

  @Override
  public Future<Message> request(Address to, Message request, long timeoutMillis) {
    return request(to.toString(), () -> connectionTo(to), request, timeoutMillis);
  }

  private Future<Message> request(String target, java.util.function.Supplier<Future<Connection>> connection,
                                  Message request, long timeoutMillis) {
    Promise<Message> p = Promise.promise();
    if (timeoutMillis <= 0) {
      p.fail(new IllegalArgumentException("request timeout must be positive, got " + timeoutMillis));
      return p.future();
    }
    onContext(() -> {
      if (!started || closed) {
        p.fail(new HopscotchException("cannot send " + request.type() + " to " + target + ": the transport is "
            + (closed ? "closed" : "not started")));
        return;
      }
      int corr = nextCorrelation++;
      Buffer frame;
      try {
        frame = FrameCodec.message(Frame.REQUEST, corr, request, maxFrameBytes);
      } catch (RuntimeException e) {
        p.fail(e);
        return;
      }
      PendingRequest pr = new PendingRequest(p, request.type().name(), target, timeoutMillis);
      pr.correlation = corr;
      outstanding.add(pr);
      pr.timer = context.setTimer(timeoutMillis, t -> finish(pr, null, new RequestTimeoutException(
          "request " + pr.typeName + " to " + target + " got no response within " + timeoutMillis + " ms")));
      connection.get().onComplete(ar -> {
        if (pr.promise.future().isComplete()) {
          return;
        }
        if (ar.failed()) {
          finish(pr, null, ar.cause());
          return;
        }
        Connection c = ar.result();
        if (!c.usable()) {
          finish(pr, null, new PeerUnreachableException("connection to " + target + " closed before " + pr.typeName + " was sent"));
          return;
        }
        pr.connection = c;
        c.pending.put(corr, pr);
        if (c.write(frame)) {
          stats.sent(pr.typeName, frame.length());
        } else {
          finish(pr, null, new HopscotchException("cannot send " + pr.typeName + " to " + target
              + ": the connection's write queue is full (" + writeQueueMaxBytes + " bytes)"));
        }
      });
    });
    return p.future();
  }

  /** Completes a request once: cancels its timer and removes it from every table. */
  private void finish(PendingRequest pr, Message response, Throwable failure) {
    outstanding.remove(pr);
    if (pr.timer >= 0) {
      vertx.cancelTimer(pr.timer);
    }
    if (pr.connection != null) {
      pr.connection.pending.remove(pr.correlation, pr);
    }
    if (failure != null) {
      pr.promise.tryFail(failure);
    } else {
      pr.promise.tryComplete(response);
    }
  }

  /** The connection used for sending to {@code peer}: the live one, one being opened, or a new one. */
  private Future<Connection> connectionTo(Peer peer) {
    Connection c = byId.get(peer.id());
    if (c != null && c.usable()) {
      return Future.succeededFuture(c);
    }
    Dial d = dialsById.get(peer.id());
    if (d == null) {
      if (peer.address().port() == 0) {
        return Future.failedFuture(new PeerUnreachableException("cannot connect to " + peer
            + ": it accepts no connections (firewalled) and has no open connection to this node"));
      }
      Dial nd = new Dial();
      dialsById.put(peer.id(), nd);
      nd.promise.future().onComplete(ar -> dialsById.remove(peer.id(), nd));
      dial(peer.address(), peer.id(), nd.promise);
      d = nd;
    }
    return waitFor(d, peer.toString());
  }

  /** The connection used for a request to an address whose id is not known. */
  private Future<Connection> connectionTo(Address address) {
    Connection c = byDialledAddress.get(address);
    if (c != null && c.usable()) {
      return Future.succeededFuture(c);
    }
    Dial d = dialsByAddress.get(address);
    if (d == null) {
      Dial nd = new Dial();
      dialsByAddress.put(address, nd);
      nd.promise.future().onComplete(ar -> dialsByAddress.remove(address, nd));
      dial(address, null, nd.promise);
      d = nd;
    }
    return waitFor(d, address.toString());
  }

  private Future<Connection> waitFor(Dial d, String target) {
    if (d.waiters >= MAX_WAITING_PER_DIAL) {
      return Future.failedFuture(new HopscotchException("too many messages (" + MAX_WAITING_PER_DIAL
          + ") wait for the connection to " + target));
    }
    d.waiters++;
    return d.promise.future();
  }

  /**
   * Opens a TLS connection to {@code address}, checks the proven id against {@code expected} (if not
   * null), exchanges HELLOs, and completes {@code result} with the connection to use for that id.
   */
  private void dial(Address address, Key expected, Promise<Connection> result) {
    if (connections.size() >= options.getMaxConnections()) {
      result.fail(new PeerUnreachableException("cannot connect to " + address + ": the connection limit "
          + options.getMaxConnections() + " is reached"));
      return;
    }
    long timer = context.setTimer(connectTimeoutMillis, t -> result.tryFail(new PeerUnreachableException(
        "cannot connect to " + address + ": no authenticated connection within " + connectTimeoutMillis + " ms")));
    Connection[] made = new Connection[1];
    result.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      Connection c = made[0];
      if (ar.failed() && c != null && !c.usable()) {
        closeConnection(c, "connection setup failed: " + ar.cause().getMessage(), false);
      }
    });
    ConnectOptions co = new ConnectOptions().setHost(address.host()).setPort(address.port()).setSsl(true)
        .setTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    client.connect(co).onComplete(ar -> {
      if (ar.succeeded()) {
        holdIfOffContext(ar.result());
      }
      onContext(() -> connected(address, expected, result, made, ar));
    });
  }

  /** Checks a new outbound socket's proven id and sends HELLO; the connection is ready when the peer's HELLO arrives. */
  private void connected(Address address, Key expected, Promise<Connection> result, Connection[] made,
                         AsyncResult<NetSocket> ar) {
    if (ar.failed()) {
      result.tryFail(new PeerUnreachableException("cannot connect to " + address + ": " + reason(ar.cause()), ar.cause()));
      return;
    }
    NetSocket socket = ar.result();
    if (closed || result.future().isComplete()) {
      socket.close();
      return;
    }
    Connection c = new Connection(socket, true, address, maxFrameBytes);
    made[0] = c;
    c.ready = result;
    opened(c);
    Key proven;
    try {
      proven = TlsCredentials.peerId(socket.peerCertificates());
    } catch (Exception e) {
      fail(c, "no valid peer certificate: " + e.getMessage());
      return;
    }
    if (expected != null && !proven.equals(expected)) {
      String why = "the node at " + address + " proved id " + proven + ", not the expected " + expected;
      stats.increment("net.peer_id_mismatch");
      LOG.warn("closing connection to {}: {}", address, why);
      result.tryFail(new PeerIdMismatchException(why));
      closeConnection(c, why, false);
      return;
    }
    c.peerId = proven;
    c.write(FrameCodec.hello(advertised, options.isFirewalled()));
  }

  /**
   * Sockets are normally handed over on the node's own context, where handlers are set before any
   * data can arrive; should one arrive elsewhere, it is paused until {@link #opened} sets them.
   */
  private void holdIfOffContext(NetSocket socket) {
    if (Vertx.currentContext() != context) {
      socket.pause();
    }
  }

  // ---- receiving ----

  private void accepted(NetSocket socket) {
    if (closed) {
      socket.close();
      return;
    }
    if (connections.size() >= options.getMaxConnections()) {
      stats.increment("net.connections.refused");
      LOG.warn("refusing connection from {}: the connection limit {} is reached", socket.remoteAddress(), options.getMaxConnections());
      socket.close();
      return;
    }
    Connection c = new Connection(socket, false, null, maxFrameBytes);
    opened(c);
    try {
      c.peerId = TlsCredentials.peerId(socket.peerCertificates());
    } catch (Exception e) {
      fail(c, "no valid peer certificate: " + e.getMessage());
      return;
    }
    c.write(FrameCodec.hello(advertised, options.isFirewalled()));
  }

  /** Wires a new socket's handlers and bounds the time until its HELLO. */
  private void opened(Connection c) {
    connections.add(c);
    stats.increment("net.connections.opened");
    NetSocket s = c.socket;
    s.setWriteQueueMaxSize(writeQueueMaxBytes);
    s.handler(buf -> onContext(() -> onData(c, buf)));
    s.closeHandler(v -> onContext(() -> closeConnection(c, "closed by the peer", true)));
    s.exceptionHandler(e -> onContext(() -> {
      LOG.debug("connection {} failed: {}", c.describe(), reason(e));
      closeConnection(c, reason(e), true);
    }));
    s.resume();
    c.helloTimer = context.setTimer(connectTimeoutMillis, t -> {
      c.helloTimer = -1;
      if (c.peer == null) {
        fail(c, "no HELLO within " + connectTimeoutMillis + " ms");
      }
    });
  }

  private void onData(Connection c, Buffer buf) {
    if (c.closed) {
      return;
    }
    c.lastActivityNanos = System.nanoTime();
    byte[] bytes = buf.getBytes();
    try {
      c.splitter.feed(bytes, 0, bytes.length, body -> onFrame(c, body));
    } catch (MalformedMessageException e) {
      if (c.splitter.failed()) {
        stats.increment("net.frames.oversized");
      }
      fail(c, e.getMessage());
    } catch (RuntimeException e) {
      // A fault of ours while handling this peer's input must cost only this connection.
      LOG.error("unexpected failure handling input {}", c.describe(), e);
      fail(c, "internal error: " + e);
    }
  }

  private void onFrame(Connection c, byte[] body) {
    if (c.closed) {
      return;
    }
    Frame f = FrameCodec.decode(body, registry); // MalformedMessageException closes the connection in onData
    int frameBytes = body.length + FrameCodec.LENGTH_BYTES;
    if (c.peer == null) {
      if (f instanceof Frame.Hello h) {
        onHello(c, h);
      } else {
        fail(c, "expected HELLO first, got " + f.getClass().getSimpleName());
      }
      return;
    }
    if (f instanceof Frame.Hello) {
      fail(c, "a second HELLO");
    } else if (f instanceof Frame.OneWay o) {
      stats.received(o.message().type().name(), frameBytes);
      try {
        handler.onMessage(c.peer, o.message());
      } catch (RuntimeException e) {
        LOG.warn("handler of {} from {} failed", o.message().type(), c.peer, e);
      }
    } else if (f instanceof Frame.Request r) {
      stats.received(r.message().type().name(), frameBytes);
      onRequest(c, r);
    } else if (f instanceof Frame.Response r) {
      stats.received(r.message().type().name(), frameBytes);
      PendingRequest pr = c.pending.get(r.correlation());
      if (pr == null) {
        stats.increment("net.responses.unmatched");
        LOG.debug("response {} on connection {} matches no pending request (late after a timeout?)", r.message().type(), c.describe());
      } else {
        finish(pr, r.message(), null);
      }
    } else if (f instanceof Frame.Error e) {
      stats.increment("net.errors.received");
      PendingRequest pr = c.pending.get(e.correlation());
      if (pr == null) {
        stats.increment("net.responses.unmatched");
      } else {
        String why = e.reason().length() > MAX_REMOTE_REASON_CHARS ? e.reason().substring(0, MAX_REMOTE_REASON_CHARS) + "…" : e.reason();
        finish(pr, null, new RemoteException(c.peer + " failed to handle " + pr.typeName + ": " + why));
      }
    }
  }

  private void onHello(Connection c, Frame.Hello h) {
    if (h.version() != FrameCodec.VERSION) {
      fail(c, "unsupported protocol version " + h.version() + " (this node speaks " + FrameCodec.VERSION + ")");
      return;
    }
    if (c.helloTimer >= 0) {
      vertx.cancelTimer(c.helloTimer);
      c.helloTimer = -1;
    }
    c.peer = new Peer(c.peerId, h.address());
    Connection current = byId.get(c.peerId);
    if (current == null || !current.usable()) {
      byId.put(c.peerId, c);
    }
    if (c.outbound) {
      Connection byAddr = byDialledAddress.get(c.dialled);
      if (byAddr == null || !byAddr.usable()) {
        byDialledAddress.put(c.dialled, c);
      }
    }
    scheduleIdleCheck(c, idleTimeoutMillis);
    LOG.debug("connection {} established", c.describe());
    if (c.ready != null) {
      // If a connection to this id appeared meanwhile (the peer dialled us), keep sending on that one.
      Connection use = byId.get(c.peerId);
      c.ready.tryComplete(use != null && use.usable() ? use : c);
    }
  }

  private void onRequest(Connection c, Frame.Request r) {
    Future<Message> answer;
    try {
      answer = handler.onRequest(c.peer, r.message());
      if (answer == null) {
        answer = Future.failedFuture("the handler of " + r.message().type() + " returned no future");
      }
    } catch (RuntimeException e) {
      LOG.warn("handler of {} from {} failed", r.message().type(), c.peer, e);
      answer = Future.failedFuture(e);
    }
    c.inboundInFlight++;
    answer.onComplete(ar -> onContext(() -> {
      c.inboundInFlight--;
      if (c.closed) {
        stats.increment("net.responses.dropped");
        return;
      }
      Buffer frame;
      if (ar.succeeded()) {
        Message m = ar.result();
        try {
          if (m == null) {
            throw new HopscotchException("the handler of " + r.message().type() + " answered null");
          }
          frame = FrameCodec.message(Frame.RESPONSE, r.correlation(), m, maxFrameBytes);
        } catch (RuntimeException e) {
          LOG.warn("cannot answer {} from {}: {}", r.message().type(), c.peer, e.getMessage());
          stats.increment("net.errors.sent");
          c.write(FrameCodec.error(r.correlation(), e.getMessage()));
          return;
        }
        if (c.write(frame)) {
          stats.sent(m.type().name(), frame.length());
        } else {
          stats.increment("net.responses.dropped");
        }
      } else {
        stats.increment("net.errors.sent");
        c.write(FrameCodec.error(r.correlation(), reason(ar.cause())));
        if (ar.cause() instanceof ProtocolViolationException) {
          // The answer is written first so that the peer learns why; then this connection goes, nothing else.
          violated(c, r.message().type() + " violated the protocol: " + reason(ar.cause()));
        }
      }
    }));
  }

  /**
   * Closes every connection to {@code peer} with one WARN line giving {@code reason}; pending requests
   * on them fail. Nothing if there is none.
   */
  @Override
  public void disconnect(Peer peer, String reason) {
    onContext(() -> {
      for (Connection c : new ArrayList<>(connections)) {
        if (peer.id().equals(c.peerId)) {
          violated(c, reason);
        }
      }
    });
  }

  /** Closes a connection whose peer sent something it must not: one WARN line, a counter. */
  private void violated(Connection c, String why) {
    if (c.closed) {
      return;
    }
    stats.increment("net.violations");
    LOG.warn("closing connection {}: {}", c.describe(), why);
    closeConnection(c, why, false);
  }

  // ---- closing ----

  private void scheduleIdleCheck(Connection c, long delayMillis) {
    c.idleTimer = context.setTimer(Math.max(1, delayMillis), t -> {
      c.idleTimer = -1;
      if (c.closed) {
        return;
      }
      long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.lastActivityNanos);
      if (idle >= idleTimeoutMillis && c.pending.isEmpty() && c.inboundInFlight == 0) {
        stats.increment("net.connections.idle_closed");
        closeConnection(c, "idle for " + idle + " ms", false);
      } else {
        scheduleIdleCheck(c, c.pending.isEmpty() && c.inboundInFlight == 0 ? idleTimeoutMillis - idle : idleTimeoutMillis);
      }
    });
  }

  /** Closes a connection because of bad input or a failed check: one WARN line, a counter. */
  private void fail(Connection c, String why) {
    if (c.closed) {
      return;
    }
    stats.increment("net.frames.bad");
    LOG.warn("closing connection {}: {}", c.describe(), why);
    closeConnection(c, why, false);
  }

  /** Closes a connection and fails what depends on it. Idempotent. */
  private void closeConnection(Connection c, String why, boolean byPeer) {
    if (c.closed) {
      return;
    }
    boolean wasUsable = c.usable();
    c.closed = true;
    connections.remove(c);
    if (c.helloTimer >= 0) {
      vertx.cancelTimer(c.helloTimer);
      c.helloTimer = -1;
    }
    if (c.idleTimer >= 0) {
      vertx.cancelTimer(c.idleTimer);
      c.idleTimer = -1;
    }
    String target = c.peer != null ? c.peer.toString() : c.dialled != null ? c.dialled.toString() : String.valueOf(c.socket.remoteAddress());
    for (PendingRequest pr : new ArrayList<>(c.pending.values())) {
      finish(pr, null, new PeerUnreachableException("connection to " + target + " closed (" + why
          + ") before the response to " + pr.typeName + " arrived"));
    }
    if (c.ready != null) {
      c.ready.tryFail(new PeerUnreachableException("cannot connect to " + c.dialled + ": " + why));
    }
    if (!byPeer) {
      c.socket.close();
    }
    if (c.peerId != null && byId.get(c.peerId) == c) {
      byId.remove(c.peerId);
      for (Connection other : connections) {
        if (other.usable() && c.peerId.equals(other.peerId)) {
          byId.put(c.peerId, other);
          break;
        }
      }
    }
    if (c.dialled != null) {
      byDialledAddress.remove(c.dialled, c);
    }
    LOG.debug("connection {} closed: {}", c.describe(), why);
    if (wasUsable && !closed && !byId.containsKey(c.peerId)) {
      try {
        handler.onDisconnect(c.peer);
      } catch (RuntimeException e) {
        LOG.warn("disconnect handler for {} failed", c.peer, e);
      }
    }
  }

  // ---- helpers ----

  /** Runs {@code task} on the node's context, inline if already there. */
  private void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  private static String reason(Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
