package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.PeerWireTransport;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import io.hopscotch.transfer.swarm.storage.PieceStorage;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BitTorrent peer: one listening port and peer id shared by any number of torrents
 * ({@link SwarmSession}s). Inbound connections are handed to the session their handshake names; an
 * unknown info-hash closes the connection.
 *
 * <p>Everything runs on one event loop: the transport's callbacks, the timers and the caller's calls
 * must all happen there. Time, timers and randomness come from the caller, so the engine runs on the
 * simulator's virtual time as well as on a Vert.x event loop.
 */
public final class SwarmEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmEngine.class);
  /** Peer id prefix, Azureus style: client "HS", version 0.1.0. */
  public static final String PEER_ID_PREFIX = "-HS0100-";
  /** Client name sent in the extended handshake (BEP 10). */
  public static final String CLIENT_NAME = "Hopscotch 0.1.0";
  /** Most inbound connections open at once (handshaking or running), across all torrents. */
  public static final int MAX_INBOUND = 500;

  private final PeerWireTransport transport;
  private final Clock clock;
  private final Timers timers;
  private final Random random;
  private final SwarmConfig config;
  private final BoundedSteps.OffLoop offLoop;
  private final byte[] peerId;
  private final Map<Key, SwarmSession> sessions = new LinkedHashMap<>();
  private final Map<Key, MetadataFetch> fetches = new LinkedHashMap<>();
  /** Torrents whose files are being verified before their session starts. */
  private final java.util.Set<Key> checking = new java.util.HashSet<>();
  private final java.util.Set<PeerConnection> inbound = new java.util.HashSet<>();
  private String host;
  private int port;
  private boolean closed;

  /** An engine that checks files on its event loop (in bounded steps); call {@link #start} before adding torrents. */
  public SwarmEngine(PeerWireTransport transport, Clock clock, Timers timers, Random random, SwarmConfig config) {
    this(transport, clock, timers, random, config, null);
  }

  /**
   * An engine; call {@link #start} before adding torrents.
   *
   * @param offLoop where the check of files on disk runs, step by step (a worker thread), or null for
   *     the event loop
   */
  public SwarmEngine(PeerWireTransport transport, Clock clock, Timers timers, Random random, SwarmConfig config,
                     BoundedSteps.OffLoop offLoop) {
    this.offLoop = offLoop;
    this.transport = transport;
    this.clock = clock;
    this.timers = timers;
    this.random = random;
    this.config = config;
    this.peerId = new byte[20];
    byte[] prefix = PEER_ID_PREFIX.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, peerId, 0, prefix.length);
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = prefix.length; i < 20; i++) {
      peerId[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
  }

  /**
   * Listens for peer connections.
   *
   * @param host the address to bind and to announce
   * @param port the port, 0 for any free one
   * @return the bound port
   */
  public Future<Integer> start(String host, int port) {
    this.host = host;
    return transport.listen(host, port, ch -> {
      if (closed || inbound.size() >= MAX_INBOUND) {
        ch.close();
      } else {
        inbound.add(new PeerConnection(this, ch, null, null));
      }
    }).onSuccess(p -> {
      this.port = p;
      LOG.debug("swarm engine listening on {}:{}", host, p);
    });
  }

  /**
   * Starts downloading or seeding a torrent into (or from) {@code directory}. What is already on disk
   * is verified first, so an interrupted download resumes.
   *
   * @param ownContent true when the files are the publisher's own: opened read-only and never written
   * @param progress receives progress events on the event loop
   * @throws HopscotchException (failed future) if the storage cannot be opened or the torrent is running
   */
  public Future<SwarmSession> add(Metainfo meta, Path directory, PeerSource source, boolean ownContent,
                                  Consumer<TransferProgress> progress) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("swarm engine is closed"));
    }
    Key hash = meta.infoHash();
    if (sessions.containsKey(hash) || checking.contains(hash)) {
      return Future.failedFuture(new HopscotchException("torrent " + hash.toHex() + " is already running"));
    }
    PieceStorage storage;
    try {
      storage = PieceStorage.open(meta, directory, ownContent);
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot open the storage of " + meta.name() + " in " + directory + ": "
          + e.getMessage(), e));
    }
    // what is on disk is verified in bounded steps, so a large torrent does not hold the event loop
    Bitfield have = new Bitfield(meta.pieceCount());
    int[] next = {0};
    checking.add(hash);
    return BoundedSteps.run(timers, offLoop, () -> {
      long budget = BoundedSteps.STEP_BYTES;
      while (next[0] < meta.pieceCount() && budget > 0) {
        int i = next[0]++;
        if (storage.verify(i)) {
          have.set(i);
        }
        budget -= meta.pieceSize(i);
      }
      return next[0] == meta.pieceCount();
    }, () -> closed || !checking.contains(hash), "checking " + meta.name() + " stopped").transform(ar -> {
      checking.remove(hash);
      if (ar.failed()) {
        closeQuietly(storage);
        Throwable c = ar.cause();
        return Future.failedFuture(c instanceof HopscotchException ? c : new HopscotchException("cannot check the storage of "
            + meta.name() + " in " + directory + ": " + c.getMessage(), c));
      }
      return startSession(meta, storage, have, source, ownContent, directory, progress);
    });
  }

  private static void closeQuietly(PieceStorage storage) {
    try {
      storage.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  private Future<SwarmSession> startSession(Metainfo meta, PieceStorage storage, Bitfield have, PeerSource source,
                                            boolean ownContent, Path directory, Consumer<TransferProgress> progress) {
    if (ownContent && !have.complete()) {
      closeQuietly(storage);
      return Future.failedFuture(new HopscotchException(meta.name() + " in " + directory + " does not match its metainfo ("
          + have.cardinality() + " of " + meta.pieceCount() + " pieces verified)"));
    }
    SwarmSession s = new SwarmSession(this, meta, storage, have, source, progress);
    sessions.put(meta.infoHash(), s);
    s.start();
    return Future.succeededFuture(s);
  }

  /**
   * Starts downloading a torrent known only by its info-hash (a magnet link): first obtains the info
   * dictionary from peers (BEP 9), verified against the info-hash, then downloads as {@link #add}
   * does, with the peers found so far. Peers come from {@code source} throughout.
   *
   * @param trackers tracker URLs the resulting metainfo carries (the magnet link's)
   * @param progress receives progress events once the metadata is in
   * @return the session; fails if the torrent is already running, the engine closes, or the
   *     fetch is cancelled with {@link #remove} before the metadata arrives
   */
  public Future<SwarmSession> addMagnet(Key infoHash, List<String> trackers, Path directory, PeerSource source,
                                        Consumer<TransferProgress> progress) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("swarm engine is closed"));
    }
    if (sessions.containsKey(infoHash) || fetches.containsKey(infoHash) || checking.contains(infoHash)) {
      return Future.failedFuture(new HopscotchException("torrent " + infoHash.toHex() + " is already running"));
    }
    MetadataFetch f = new MetadataFetch(this, infoHash, trackers, source);
    fetches.put(infoHash, f);
    f.start();
    return f.result().transform(ar -> {
      fetches.remove(infoHash, f);
      if (ar.failed()) {
        return Future.failedFuture(ar.cause());
      }
      return add(ar.result(), directory, source, false, progress).onSuccess(s -> s.addPeers(f.peers()));
    });
  }

  /** The metadata fetch of a magnet link still waiting for its info dictionary, or null. */
  public MetadataFetch metadataFetch(Key infoHash) {
    return fetches.get(infoHash);
  }

  /** The running session of a torrent, or null. */
  public SwarmSession session(Key infoHash) {
    return sessions.get(infoHash);
  }

  SwarmSession sessionFor(Key infoHash) {
    return sessions.get(infoHash);
  }

  /** Stops and forgets a torrent (or its metadata fetch); harmless if it is not running. */
  public void remove(Key infoHash) {
    MetadataFetch f = fetches.remove(infoHash);
    if (f != null) {
      f.cancel("removed");
    }
    checking.remove(infoHash);
    SwarmSession s = sessions.remove(infoHash);
    if (s != null) {
      s.stop();
    }
  }

  /** Running torrents. */
  public List<SwarmSession> sessions() {
    return List.copyOf(sessions.values());
  }

  /** Stops every torrent and the transport. Idempotent. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    for (MetadataFetch f : List.copyOf(fetches.values())) {
      f.cancel("swarm engine closed");
    }
    fetches.clear();
    for (SwarmSession s : List.copyOf(sessions.values())) {
      s.stop();
    }
    sessions.clear();
    return transport.close();
  }

  /** The 20-byte peer id (a copy). */
  public byte[] peerId() {
    return peerId.clone();
  }

  /** The listening port (0 before {@link #start}). */
  public int port() {
    return port;
  }

  /** The host the engine listens on. */
  public String host() {
    return host;
  }

  void inboundClosed(PeerConnection c) {
    inbound.remove(c);
  }

  boolean isSelf(PeerAddress a) {
    return a.port() == port && a.host().equals(host);
  }

  Clock clock() {
    return clock;
  }

  Timers timers() {
    return timers;
  }

  Random random() {
    return random;
  }

  SwarmConfig config() {
    return config;
  }

  PeerWireTransport transport() {
    return transport;
  }

  /** Where blocking file work runs, or null for the event loop. */
  public BoundedSteps.OffLoop offLoop() {
    return offLoop;
  }
}
