package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.tracker.AnnounceRequest;
import io.hopscotch.transfer.swarm.tracker.TrackerRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standard HTTP tracker (BEP 3 {@code /announce}, compact peer lists BEP 23) that any BitTorrent
 * client can use and a Hopscotch node or the {@code tracker} command can host. A malformed announce
 * gets a bencoded failure reason; other paths get 404.
 */
public final class HttpTrackerServer {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTrackerServer.class);
  /** Longest request URI accepted. */
  public static final int MAX_URI = 4096;

  private final HttpServer server;
  private final TrackerRegistry registry;
  private final String host;

  private HttpTrackerServer(HttpServer server, TrackerRegistry registry, String host) {
    this.server = server;
    this.registry = registry;
    this.host = host;
  }

  /**
   * Starts a tracker on {@code host:port} (0: any free port).
   *
   * @return the running tracker; fails if the port is taken
   */
  public static Future<HttpTrackerServer> start(Vertx vertx, String host, int port, Clock clock) {
    TrackerRegistry registry = new TrackerRegistry(new Random());
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxInitialLineLength(MAX_URI).setTcpNoDelay(true));
    server.requestHandler(req -> handle(req, registry, clock));
    return server.listen(port, host).map(s -> new HttpTrackerServer(s, registry, host));
  }

  private static void handle(HttpServerRequest req, TrackerRegistry registry, Clock clock) {
    if (!"/announce".equals(req.path())) {
      req.response().setStatusCode(404).end("not found: this tracker serves /announce");
      return;
    }
    byte[] body;
    try {
      AnnounceRequest a = AnnounceRequest.parse(req.query(), req.remoteAddress().host());
      body = registry.announce(a, clock.millis());
    } catch (IllegalArgumentException e) {
      LOG.debug("bad announce from {}: {}", req.remoteAddress(), e.getMessage());
      body = TrackerRegistry.failure(e.getMessage());
    }
    req.response().putHeader("Content-Type", "text/plain").end(Buffer.buffer(body));
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  /** The announce URL, e.g. {@code http://127.0.0.1:6969/announce}. */
  public String announceUrl() {
    return "http://" + host + ":" + port() + "/announce";
  }

  /** The tracker state. */
  public TrackerRegistry registry() {
    return registry;
  }

  /** Stops the tracker. */
  public Future<Void> close() {
    return server.close();
  }
}
