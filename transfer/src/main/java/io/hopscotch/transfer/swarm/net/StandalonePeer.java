package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.meta.MagnetLink;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.transfer.swarm.session.SwarmEngine;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A plain BitTorrent peer outside any overlay, on one Vert.x event loop: a swarm engine with plain
 * TCP, HTTP trackers from the metainfo, and optional fixed peers. Used by the {@code share} and
 * {@code fetch} commands and by experiments; safe to call from any thread.
 */
public final class StandalonePeer {

  private final Context context;
  private final Vertx vertx;
  private final SwarmEngine engine;
  private final List<HttpTrackerClient> trackers = new ArrayList<>();

  private StandalonePeer(Context context, SwarmEngine engine) {
    this.context = context;
    this.vertx = context.owner();
    this.engine = engine;
  }

  /**
   * Starts a peer listening on {@code host:port} (0: any free port).
   *
   * @return the started peer; fails if the port cannot be bound
   */
  public static Future<StandalonePeer> start(Vertx vertx, String host, int port, SwarmConfig config) {
    Context ctx = vertx.getOrCreateContext();
    Promise<StandalonePeer> out = Promise.promise();
    ctx.runOnContext(v -> {
      Random random = new Random();
      // files are checked on Vert.x worker threads, step by step, the results back on this context
      SwarmEngine e = new SwarmEngine(new VertxPeerWireTransport(ctx), Clock.system(), new VertxTimers(ctx, random), random, config,
          step -> ctx.executeBlocking(step, false));
      e.start(host, port).map(p -> new StandalonePeer(ctx, e)).onComplete(out);
    });
    return out.future();
  }

  /** Runs {@code action} on the peer's event loop. */
  public <T> Future<T> on(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  /**
   * Seeds (own content, never written) or downloads a torrent, announcing to its HTTP trackers and
   * dialing {@code peers}.
   *
   * @param own true to seed files that already are in {@code directory}
   */
  public Future<SwarmSession> add(Metainfo meta, Path directory, boolean own, List<PeerAddress> peers,
                                  Consumer<TransferProgress> progress) {
    return on(() -> {
      List<PeerSource> sources = new ArrayList<>();
      sources.add(PeerSource.fixed(peers));
      if (!meta.trackers().isEmpty()) {
        HttpTrackerClient t = new HttpTrackerClient(vertx, meta.trackers(), engine.peerId());
        trackers.add(t);
        sources.add(t);
      }
      return engine.add(meta, directory, PeerSource.combined(sources), own, progress);
    });
  }

  /**
   * Downloads a torrent known by a magnet link: obtains its info dictionary from peers (BEP 9),
   * verified against the info-hash, then downloads it; peers come from the link's HTTP trackers and
   * {@code peers}.
   *
   * @return the session once the metadata is in; fails if it never comes before {@link #close}
   */
  public Future<SwarmSession> addMagnet(MagnetLink link, Path directory, List<PeerAddress> peers,
                                        Consumer<TransferProgress> progress) {
    return on(() -> {
      List<PeerSource> sources = new ArrayList<>();
      sources.add(PeerSource.fixed(peers));
      if (!link.trackers().isEmpty()) {
        HttpTrackerClient t = new HttpTrackerClient(vertx, link.trackers(), engine.peerId());
        trackers.add(t);
        sources.add(t);
      }
      return engine.addMagnet(link.infoHash(), link.trackers(), directory, PeerSource.combined(sources), progress);
    });
  }

  /**
   * What each HTTP tracker of the torrents added so far said last: {@code "URL: N peers"},
   * {@code "URL: failed: REASON"} or {@code "URL: not asked yet"}, in the order added. Call on the
   * peer's event loop (see {@link #on}).
   */
  public List<String> trackerStatus() {
    List<String> out = new ArrayList<>();
    trackers.forEach(t -> out.addAll(t.status()));
    return out;
  }

  /** The listening port. */
  public int port() {
    return engine.port();
  }

  /** The engine (touch it only on the event loop, see {@link #on}). */
  public SwarmEngine engine() {
    return engine;
  }

  /** Stops every torrent (telling the trackers) and closes sockets; never fails. */
  public Future<Void> close() {
    return on(() -> engine.close().recover(e -> Future.succeededFuture())
        .compose(v -> {
          trackers.forEach(t -> t.close());
          return Future.<Void>succeededFuture();
        }));
  }
}
