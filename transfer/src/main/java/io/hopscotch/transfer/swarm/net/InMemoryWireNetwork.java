package io.hopscotch.transfer.swarm.net;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * In-process channels between transports of one network, for tests and for the simulator: each
 * transport delivers its callbacks through its own executor (for example a node's zero-delay timer),
 * so the ordering and single-threading of a real event loop are kept. Every transport is reached at
 * host {@code mem} and a port numbered from 1.
 */
public final class InMemoryWireNetwork {

  /** The host name of every in-memory endpoint. */
  public static final String HOST = "mem";

  private final Map<Integer, Endpoint> listeners = new HashMap<>();
  private int nextPort = 1;

  /** A transport whose callbacks run through {@code executor}. */
  public PeerWireTransport transport(Executor executor) {
    return new Endpoint(executor);
  }

  private final class Endpoint implements PeerWireTransport {
    private final Executor executor;
    private final Set<Side> open = new HashSet<>();
    private Consumer<WireChannel> acceptor;
    private int port;
    private boolean closed;

    Endpoint(Executor executor) {
      this.executor = executor;
      this.port = nextPort++;
    }

    @Override
    public Future<Integer> listen(String host, int requested, Consumer<WireChannel> acceptor) {
      this.acceptor = acceptor;
      listeners.put(port, this);
      return Future.succeededFuture(port);
    }

    @Override
    public Future<WireChannel> connect(String host, int remotePort) {
      Endpoint server = HOST.equals(host) ? listeners.get(remotePort) : null;
      if (closed || server == null || server.closed) {
        return Future.failedFuture(new java.io.IOException("connection refused: " + host + ":" + remotePort));
      }
      Side client = new Side(this, server.port);
      Side accepted = new Side(server, port);
      client.other = accepted;
      accepted.other = client;
      open.add(client);
      server.open.add(accepted);
      server.executor.execute(() -> {
        if (!accepted.closed) {
          server.acceptor.accept(accepted);
        }
      });
      return Future.succeededFuture(client);
    }

    @Override
    public Future<Void> close() {
      if (!closed) {
        closed = true;
        listeners.remove(port, this);
        Set.copyOf(open).forEach(Side::close);
      }
      return Future.succeededFuture();
    }
  }

  private static final class Side implements WireChannel {
    private final Endpoint owner;
    private final int remotePort;
    private Side other;
    private Consumer<byte[]> onData = b -> { };
    private Runnable onClose = () -> { };
    private boolean closed;

    Side(Endpoint owner, int remotePort) {
      this.owner = owner;
      this.remotePort = remotePort;
    }

    @Override
    public void handler(Consumer<byte[]> h) {
      onData = h;
    }

    @Override
    public void closeHandler(Runnable h) {
      onClose = h;
    }

    @Override
    public void write(byte[] data) {
      if (closed) {
        return;
      }
      byte[] copy = data.clone();
      Side to = other;
      to.owner.executor.execute(() -> {
        if (!to.closed) {
          to.onData.accept(copy);
        }
      });
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public void drainHandler(Runnable h) {
      // never full
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      owner.open.remove(this);
      owner.executor.execute(onClose);
      Side o = other;
      o.owner.executor.execute(() -> {
        if (!o.closed) {
          o.closed = true;
          o.owner.open.remove(o);
          o.onClose.run();
        }
      });
    }

    @Override
    public String remoteHost() {
      return HOST;
    }

    @Override
    public int remotePort() {
      return remotePort;
    }
  }
}
