package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.List;

/**
 * HTTP trackers on a Vert.x event loop: one HTTP client shared by every {@link HttpTrackerClient} it
 * makes, and at most one {@link HttpTrackerServer}. Every method must be called on the event-loop
 * context given at construction, as for {@link VertxPeerWireTransport}.
 */
public final class VertxTrackerAccess implements TrackerAccess {

  private final Vertx vertx;
  private final Clock clock;
  private HttpClient client;
  private HttpTrackerServer server;
  private boolean hosting;
  private boolean closed;

  /**
   * Tracker access on {@code context}'s event loop.
   *
   * @param clock the time announce intervals are kept by
   */
  public VertxTrackerAccess(Context context, Clock clock) {
    this.vertx = context.owner();
    this.clock = clock;
  }

  /**
   * Tracker access on the calling thread's Vert.x context, on the system clock.
   *
   * @throws IllegalStateException if the caller is not on a Vert.x context
   */
  public static VertxTrackerAccess onCurrentContext() {
    Context c = Vertx.currentContext();
    if (c == null) {
      throw new IllegalStateException("the swarm's HTTP trackers must be reached from a Vert.x event loop; "
          + "in the simulator, give the swarm TrackerAccess.NONE");
    }
    return new VertxTrackerAccess(c, Clock.system());
  }

  @Override
  public HttpTrackerClient client(List<String> announceUrls, byte[] peerId) {
    if (client == null) {
      client = vertx.createHttpClient(HttpTrackerClient.clientOptions());
    }
    return new HttpTrackerClient(client, announceUrls, peerId, clock);
  }

  @Override
  public Future<String> host(String host, int port, Clock trackerClock) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("tracker access is closed"));
    }
    if (hosting) {
      return Future.failedFuture(new HopscotchException("a tracker is already hosted here"));
    }
    hosting = true;
    return HttpTrackerServer.start(vertx, host, port, trackerClock)
        .recover(e -> {
          hosting = false;
          return Future.failedFuture(new HopscotchException("cannot host the HTTP tracker on " + host + ":" + port + ": "
              + e.getMessage(), e));
        })
        .compose(s -> {
          if (closed) {
            return s.close().transform(ar -> Future.<String>failedFuture(new HopscotchException("tracker access is closed")));
          }
          server = s;
          return Future.succeededFuture(s.announceUrl());
        });
  }

  /** The hosted tracker, or null if none is running. */
  public HttpTrackerServer server() {
    return server;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    Future<Void> s = server == null ? Future.succeededFuture() : server.close().recover(e -> Future.succeededFuture());
    Future<Void> c = client == null ? Future.succeededFuture() : client.close().recover(e -> Future.succeededFuture());
    return Future.join(s, c).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
