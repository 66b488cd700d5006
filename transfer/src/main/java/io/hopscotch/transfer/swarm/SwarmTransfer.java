package io.hopscotch.transfer.swarm;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.ContentNotFoundException;
import io.hopscotch.core.FetchCancelledException;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.meta.PieceHasher;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.net.PeerWireTransport;
import io.hopscotch.transfer.swarm.net.TrackerAccess;
import io.hopscotch.transfer.swarm.session.BoundedSteps;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.hopscotch.transfer.swarm.session.SwarmEngine;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BitTorrent-compatible swarm, transfer name {@code swarm}. Publishing hashes a file or directory
 * into a metainfo, seeds it, and announces this peer under the info-hash through the node's routing;
 * the returned {@link ContentInfo} carries the bencoded info dictionary as its metadata, so a fetcher
 * can rebuild the exact torrent. Fetching finds the other peers under the same key, downloads pieces
 * from all of them over the BEP 3 peer wire protocol (its own plain TCP port, not the node's TLS
 * transport), verifies each, and keeps seeding afterwards.
 *
 * <p>Besides the overlay, a torrent whose metainfo names HTTP trackers (the {@code trackers} option for
 * published content, a {@code .torrent}'s own for fetched content) is announced to those trackers
 * too, and their peers are dialled, so any BitTorrent client given the {@code .torrent} finds this
 * node. With the {@code tracker-port} option the node also hosts the standard HTTP tracker, whose URL
 * its published metainfo then names as well.
 *
 * <p>The data plane reaches the network only through a {@link PeerWireTransport} (plain TCP on the
 * node's event loop by default, in-memory channels in the simulator), and HTTP trackers only through a
 * {@link TrackerAccess} (Vert.x HTTP on the node's event loop by default, none in the simulator);
 * everything else uses the strategy context.
 */
public final class SwarmTransfer implements TransferStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmTransfer.class);
  /** Most HTTP trackers of one torrent announced to. */
  public static final int MAX_TRACKERS = 16;

  private final SwarmOptions options;
  private final Function<StrategyContext, PeerWireTransport> wire;
  private final Function<StrategyContext, TrackerAccess> trackerNet;
  private StrategyContext ctx;
  private SwarmEngine engine;
  private TrackerAccess trackers;
  private Future<Integer> started;
  private Future<String> hostedTracker;
  private boolean closed;

  /**
   * A swarm transfer without HTTP trackers ({@link TrackerAccess#NONE}): the overlay is its only
   * tracker, as in the simulator.
   *
   * @param wire makes the peer wire transport for the node at {@link #init}
   */
  public SwarmTransfer(SwarmOptions options, Function<StrategyContext, PeerWireTransport> wire) {
    this(options, wire, ctx -> TrackerAccess.NONE);
  }

  /**
   * A swarm transfer.
   *
   * @param wire makes the peer wire transport for the node at {@link #init}
   * @param trackerNet makes the access to HTTP trackers for the node at {@link #init}
   */
  public SwarmTransfer(SwarmOptions options, Function<StrategyContext, PeerWireTransport> wire,
                       Function<StrategyContext, TrackerAccess> trackerNet) {
    this.options = options;
    this.wire = wire;
    this.trackerNet = trackerNet;
  }

  @Override
  public String name() {
    return SwarmTransferProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return List.of();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    // files are hashed and checked on the node's worker threads (inline in the simulator)
    this.engine = new SwarmEngine(wire.apply(context), context.clock(), context.timers(), context.random(), options.config(),
        context::executeBlocking);
    String host = options.host() != null ? options.host() : context.self().address().host();
    this.started = engine.start(host, options.port());
    started.onFailure(e -> LOG.warn("the swarm cannot listen on {}:{}: {}", host, options.port(), e.getMessage()));
    this.trackers = trackerNet.apply(context);
    if (options.trackerPort() == SwarmOptions.NO_TRACKER) {
      this.hostedTracker = Future.failedFuture(new HopscotchException("this node hosts no tracker (swarm option tracker-port)"));
    } else {
      this.hostedTracker = started.compose(p -> trackers.host(host, options.trackerPort(), context.clock()));
      hostedTracker.onSuccess(url -> LOG.info("hosting the HTTP tracker {}", url))
          .onFailure(e -> LOG.warn("the swarm cannot host its tracker: {}", e.getMessage()));
    }
  }

  private OverlayPeerSource sourceFor(List<String> keywords) {
    return new OverlayPeerSource(ctx, new PeerAddress(engine.host(), engine.port()), options.announceTtlMillis(), keywords);
  }

  /**
   * The overlay, plus the HTTP trackers {@code meta} names (those with an http(s) URL, the first
   * {@value #MAX_TRACKERS}: each announce tries them in turn until one answers).
   */
  private PeerSource sourceFor(Metainfo meta, List<String> keywords) {
    OverlayPeerSource overlay = sourceFor(keywords);
    List<String> http = new ArrayList<>();
    for (String t : meta.trackers()) {
      if (!t.startsWith("http://") && !t.startsWith("https://")) {
        LOG.debug("{}: skipping tracker {}: only HTTP trackers are spoken", meta.name(), t);
      } else if (http.size() < MAX_TRACKERS) {
        http.add(t);
      } else {
        LOG.debug("{}: skipping tracker {}: {} trackers are used at most", meta.name(), t, MAX_TRACKERS);
      }
    }
    if (http.isEmpty()) {
      return overlay;
    }
    return PeerSource.combined(List.of(overlay, trackers.client(http, engine.peerId())));
  }

  /** The tracker URLs published metainfo names: the {@code trackers} option, then the hosted tracker's, if it runs. */
  private Future<List<String>> publishedTrackers() {
    return hostedTracker.map(url -> {
      List<String> all = new ArrayList<>(options.trackers());
      if (!all.contains(url)) {
        all.add(url);
      }
      return (List<String>) all;
    }).otherwise(e -> options.trackers());
  }

  /**
   * The announce URL of the HTTP tracker this node hosts ({@code tracker-port}); fails if it hosts none
   * or could not bind its port. Completes once the swarm has started (under {@code auto}: on its first
   * use).
   */
  public Future<String> hostedTracker() {
    if (hostedTracker == null) {
      return Future.failedFuture(new HopscotchException("the swarm has not started: start the node first"));
    }
    return hostedTracker;
  }

  /**
   * Hashes the file or directory at {@code path} into a metainfo (pieces of {@code piece-length}),
   * seeds it from where it lies (never writing to it) and announces this peer under the info-hash.
   */
  @Override
  public Future<ContentInfo> publish(Path path) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("swarm transfer is closed"));
    }
    return started.compose(port -> publishedTrackers()).compose(published -> {
      PieceHasher hasher;
      try {
        hasher = PieceHasher.of(path, options.pieceLength(), published);
      } catch (IOException | IllegalArgumentException e) {
        return Future.failedFuture(new HopscotchException("cannot publish " + path + ": " + e.getMessage(), e));
      }
      // hashed in bounded steps off the event loop: a large file must not hold the node's loop
      return BoundedSteps.run(ctx.timers(), engine.offLoop(), () -> hasher.step(BoundedSteps.STEP_BYTES), () -> closed,
              "swarm transfer closed while hashing " + path)
          .transform(ar -> {
            if (ar.failed()) {
              try {
                hasher.close();
              } catch (IOException ignored) {
                // already failing
              }
              Throwable c = ar.cause();
              return Future.failedFuture(c instanceof HopscotchException ? c
                  : new HopscotchException("cannot publish " + path + ": " + c.getMessage(), c));
            }
            Metainfo meta = hasher.metainfo();
            SwarmSession running = engine.session(meta.infoHash());
            Future<SwarmSession> s = running != null ? Future.succeededFuture(running)
                : engine.add(meta, path.toAbsolutePath().normalize().getParent(), sourceFor(meta, Record.keywordsOf(meta.name())),
                    true, p -> { });
            return s.map(x -> {
              ctx.stats().increment("swarm.published");
              return contentInfo(meta);
            });
          });
    });
  }

  /**
   * The content info of a metainfo: the info-hash, name, size and, as metadata, the bencoded info
   * dictionary, or the whole {@code .torrent} (info dictionary and trackers) if the metainfo names
   * trackers, so that a fetch from the content info announces to them too.
   */
  public static ContentInfo contentInfo(Metainfo meta) {
    byte[] metadata = meta.trackers().isEmpty() ? meta.infoBytes() : meta.toTorrent();
    return new ContentInfo(meta.infoHash(), meta.name(), meta.totalLength(), SwarmTransferProvider.NAME, metadata);
  }

  /**
   * The metainfo a content info describes: its metadata is a bencoded info dictionary (no trackers) or
   * a whole {@code .torrent} (with the trackers it names).
   *
   * @throws HopscotchException if the metadata is neither a valid info dictionary nor a valid torrent,
   *     or its info dictionary's hash is not the id
   */
  public static Metainfo metainfoOf(ContentInfo info) {
    Metainfo meta;
    try {
      byte[] metadata = info.metadata();
      meta = Bencode.decodeDict(metadata).get("info") instanceof BValue.BDict
          ? Metainfo.fromTorrent(metadata) : Metainfo.fromInfoBytes(metadata, List.of());
    } catch (IllegalArgumentException e) {
      throw new HopscotchException("content " + info.name() + " carries no valid info dictionary: " + e.getMessage(), e);
    }
    if (!meta.infoHash().equals(info.id())) {
      throw new HopscotchException("content " + info.name() + ": its info dictionary hashes to " + meta.infoHash().toHex()
          + ", not its id " + info.id().toHex());
    }
    return meta;
  }

  /**
   * Downloads the content into {@code directory} from every peer announced under its info-hash,
   * resuming from what is already there, and keeps seeding it. Completes with the file (or top
   * directory) once every piece is verified; fails if {@link #cancel cancelled} or closed first.
   */
  @Override
  public Future<Path> fetch(ContentInfo info, Path directory, Consumer<TransferProgress> progress) {
    return fetch(info, directory, progress, never());
  }

  /**
   * As {@link #fetch(ContentInfo, Path, Consumer)}, cancellable: see {@link #fetch(Metainfo, Path, Consumer, Future)}.
   */
  @Override
  public Future<Path> fetch(ContentInfo info, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("swarm transfer is closed"));
    }
    if (!name().equals(info.transfer())) {
      return Future.failedFuture(new HopscotchException("content " + info.name() + " is served by transfer '" + info.transfer()
          + "', not '" + name() + "'"));
    }
    Metainfo meta;
    try {
      meta = metainfoOf(info);
      Files.createDirectories(directory);
    } catch (HopscotchException e) {
      return Future.failedFuture(e);
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot create " + directory + ": " + e.getMessage(), e));
    }
    return fetch(meta, directory, progress, cancelled);
  }

  /** Downloads a torrent given by its metainfo; see {@link #fetch(ContentInfo, Path, Consumer)}. */
  public Future<Path> fetch(Metainfo meta, Path directory, Consumer<TransferProgress> progress) {
    return fetch(meta, directory, progress, never());
  }

  /**
   * Downloads a torrent given by its metainfo, cancellable. When {@code cancelled} completes, a
   * download this call started is stopped: no more requests, every peer connection of it closed, its
   * announcement in the overlay left to expire, and the pieces verified so far stay in
   * {@code directory}, so a later fetch into the same directory verifies them and fetches only the
   * rest; the future fails with {@link FetchCancelledException}. A torrent that was already running
   * here (being seeded, or fetched by an earlier call) keeps running: only this call's future fails.
   *
   * @param cancelled completes when the fetch is to stop; never fails
   */
  public Future<Path> fetch(Metainfo meta, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    Key hash = meta.infoHash();
    return started.compose(port -> {
      if (cancelled.isComplete()) {
        return Future.failedFuture(cancellation(meta.name(), hash, directory));
      }
      SwarmSession running = engine.session(hash);
      if (running != null) {
        return cancellable(completionOf(Future.succeededFuture(running)), hash, meta.name(), directory, cancelled, false);
      }
      return cancellable(completionOf(engine.add(meta, directory, sourceFor(meta, Record.keywordsOf(meta.name())), false, progress)),
          hash, meta.name(), directory, cancelled, true);
    });
  }

  /**
   * Downloads content known only by its info-hash: the peers announced under it in the overlay give
   * the info dictionary (BEP 9, verified against the info-hash), then the pieces, as a magnet link
   * with the overlay as its tracker. Cancellable as {@link #fetch(Metainfo, Path, Consumer, Future)};
   * a cancelled fetch resumes from the verified pieces when fetched again into the same directory.
   *
   * @return fails with {@link ContentNotFoundException} if no other peer announces {@code infoHash} in
   *     the overlay when the fetch starts (after that it keeps looking until done or cancelled)
   */
  @Override
  public Future<Path> fetch(Key infoHash, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("swarm transfer is closed"));
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot create " + directory + ": " + e.getMessage(), e));
    }
    String label = "content " + infoHash.toHex();
    return started.compose(port -> {
      SwarmSession running = engine.session(infoHash);
      if (running != null) {
        return cancellable(completionOf(Future.succeededFuture(running)), infoHash, label, directory, cancelled, false);
      }
      OverlayPeerSource source = sourceFor(List.of());
      return ctx.overlay().get(infoHash).compose(records -> {
        if (cancelled.isComplete()) {
          return Future.failedFuture(cancellation(label, infoHash, directory));
        }
        if (source.peersIn(infoHash, records).isEmpty()) {
          return Future.failedFuture(new ContentNotFoundException("no swarm peer announces info-hash " + infoHash.toHex()
              + " in the overlay"));
        }
        return cancellable(completionOf(engine.addMagnet(infoHash, List.of(), directory, source, progress)), infoHash, label,
            directory, cancelled, true);
      });
    });
  }

  /** The cancel signal of a fetch that cannot be cancelled: a fresh one each time, so no listener outlives its fetch. */
  private static Future<Void> never() {
    return Promise.<Void>promise().future();
  }

  private static Future<Path> completionOf(Future<SwarmSession> session) {
    return session.compose(s -> s.completion().map(v -> s.root()));
  }

  /**
   * Relays {@code download}, failing it with a cancellation once {@code cancelled} completes first;
   * {@code owned} downloads (started by this call) are then removed from the engine.
   */
  private Future<Path> cancellable(Future<Path> download, Key hash, String label, Path directory, Future<Void> cancelled,
                                   boolean owned) {
    Promise<Path> out = Promise.promise();
    cancelled.onSuccess(v -> {
      // failed before the engine stops the session, so the caller sees the cancellation, not the stop
      if (out.tryFail(cancellation(label, hash, directory)) && owned && !closed && engine != null) {
        engine.remove(hash);
      }
    });
    download.onComplete(out);
    return out.future();
  }

  private static FetchCancelledException cancellation(String label, Key hash, Path directory) {
    return new FetchCancelledException("fetch of " + label + " (" + hash.toHex() + ") was cancelled; verified pieces stay in "
        + directory + " and a later fetch there resumes from them");
  }

  /** Stops the download or seeding of {@code infoHash}; a running fetch of it fails. */
  public void cancel(Key infoHash) {
    if (engine != null) {
      engine.remove(infoHash);
    }
  }

  /** The running session of a torrent, or null. */
  public SwarmSession session(Key infoHash) {
    return engine == null ? null : engine.session(infoHash);
  }

  /** The peer wire port, once listening (0 before). */
  public int port() {
    return engine == null ? 0 : engine.port();
  }

  @Override
  public void onMessage(Peer from, Message message) {
    LOG.debug("ignoring one-way {} from {}", message.type(), from);
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    return Future.failedFuture(new HopscotchException("the swarm answers no overlay requests"));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (engine != null) {
      // the engine's last announces (stopped) go out before the trackers' HTTP client closes
      Future<Void> stopped = engine.close();
      TrackerAccess t = trackers;
      stopped.onComplete(ar -> t.close());
    }
  }
}
