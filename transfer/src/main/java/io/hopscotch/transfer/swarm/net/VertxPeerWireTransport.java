package io.hopscotch.transfer.swarm.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plain TCP for the peer wire protocol on a Vert.x event loop, as real BitTorrent clients speak it
 * (no TLS: pieces are verified by hash). TCP_NODELAY is set. Every method must be called on the
 * event-loop context given at construction; all callbacks then run there too.
 */
public final class VertxPeerWireTransport implements PeerWireTransport {

  /** Connect timeout in milliseconds. */
  public static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** Bytes queued for sending before a channel reports its write queue full. */
  public static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final Set<VertxChannel> open = new HashSet<>();
  private NetServer server;
  private NetClient client;
  private boolean closed;

  /** A transport on {@code context}'s event loop. */
  public VertxPeerWireTransport(Context context) {
    this.vertx = context.owner();
  }

  /**
   * A transport on the calling thread's Vert.x context.
   *
   * @throws IllegalStateException if the caller is not on a Vert.x context
   */
  public static VertxPeerWireTransport onCurrentContext() {
    Context c = Vertx.currentContext();
    if (c == null) {
      throw new IllegalStateException("the swarm's TCP transport must be created on a Vert.x event loop; "
          + "in the simulator, give the swarm an in-memory wire network");
    }
    return new VertxPeerWireTransport(c);
  }

  @Override
  public Future<Integer> listen(String host, int port, Consumer<WireChannel> acceptor) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("transport closed"));
    }
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true));
    server.connectHandler(socket -> {
      if (closed) {
        socket.close();
        return;
      }
      acceptor.accept(wrap(socket));
    });
    return server.listen(port, host).map(NetServer::actualPort);
  }

  @Override
  public Future<WireChannel> connect(String host, int port) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("transport closed"));
    }
    if (client == null) {
      client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
    }
    return client.connect(port, host).map(this::wrap);
  }

  private WireChannel wrap(NetSocket socket) {
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    VertxChannel c = new VertxChannel(socket);
    open.add(c);
    return c;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    Set.copyOf(open).forEach(VertxChannel::close);
    Future<Void> s = server == null ? Future.succeededFuture() : server.close();
    Future<Void> c = client == null ? Future.succeededFuture() : client.close();
    return Future.join(s, c).mapEmpty();
  }

  private final class VertxChannel implements WireChannel {
    private final NetSocket socket;
    private Runnable onClose = () -> { };

    VertxChannel(NetSocket socket) {
      this.socket = socket;
      socket.closeHandler(v -> {
        open.remove(this);
        onClose.run();
      });
      socket.exceptionHandler(e -> socket.close());
    }

    @Override
    public void handler(Consumer<byte[]> onData) {
      socket.handler(b -> onData.accept(b.getBytes()));
    }

    @Override
    public void closeHandler(Runnable h) {
      onClose = h;
    }

    @Override
    public void write(byte[] data) {
      socket.write(Buffer.buffer(data));
    }

    @Override
    public boolean writeQueueFull() {
      return socket.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable h) {
      socket.drainHandler(v -> h.run());
    }

    @Override
    public void close() {
      socket.close();
    }

    @Override
    public String remoteHost() {
      return socket.remoteAddress().host();
    }

    @Override
    public int remotePort() {
      return socket.remoteAddress().port();
    }
  }
}
