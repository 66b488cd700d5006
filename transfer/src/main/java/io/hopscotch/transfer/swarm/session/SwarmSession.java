package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import io.hopscotch.transfer.swarm.protocol.Block;
import io.hopscotch.transfer.swarm.protocol.Choker;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PiecePicker;
import io.hopscotch.transfer.swarm.protocol.RateMeter;
import io.hopscotch.transfer.swarm.storage.PieceStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The download and seeding of one torrent: it finds peers through its {@link PeerSource}, keeps up to
 * {@code maxPeers} connections, pipelines block requests chosen by the {@link PiecePicker}, writes
 * blocks to {@link PieceStorage}, verifies each completed piece against its SHA-1 (a peer that sent a
 * piece that fails alone is banned; one that shares three failed pieces too), announces verified
 * pieces with have, and re-chokes every 10 s with the {@link Choker}. Once every piece is verified it
 * seeds.
 *
 * <p>Runs on its engine's event loop; every method is called there.
 */
public final class SwarmSession {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmSession.class);
  /** No block for this long while requests are out: the peer is snubbing us. */
  static final long SNUB_NANOS = 60_000_000_000L;
  /** Send a keep-alive after this much silence. */
  static final long KEEPALIVE_NANOS = 90_000_000_000L;
  /** Close a connection after this much silence from the peer. */
  static final long IDLE_NANOS = 180_000_000_000L;
  /** An unchoked peer that has asked nothing for this long gives its slot to a waiting peer. */
  static final long IDLE_SLOT_NANOS = 2_000_000_000L;
  /** Requests kept in flight to a peer cover this many seconds of its recent rate ... */
  static final int PIPELINE_SECONDS = 1;
  /** ... measured over this window ... */
  static final int PIPELINE_RATE_SECONDS = 3;
  /** ... and are at least this many blocks (at most the configured pipeline). */
  static final int MIN_PIPELINE = 4;
  /** Hash failures shared with others after which a peer is banned. */
  static final int MAX_SHARED_FAILURES = 3;

  private final SwarmEngine engine;
  private final Metainfo meta;
  private final PieceStorage storage;
  private final PeerSource source;
  private final Consumer<TransferProgress> progress;
  private final Bitfield have;
  private final PiecePicker picker;
  private final Choker<PeerConnection> choker;
  private final List<PeerConnection> connections = new ArrayList<>();
  private final Set<PeerAddress> dialing = new HashSet<>();
  private final KnownPeers known = new KnownPeers();
  private final BannedPeers banned = new BannedPeers(BannedPeers.MAX);
  private final Map<Integer, Set<PeerConnection>> contributors = new HashMap<>();
  private final Promise<Void> completion = Promise.promise();
  private final RateMeter downloadRate;
  private final List<Timers.Timer> timers = new ArrayList<>();
  /** First wait before asking the sources again when a download has no peer at all, in milliseconds. */
  static final long ALONE_RETRY_MILLIS = 5_000;
  private long aloneRetryMillis = ALONE_RETRY_MILLIS;
  private Timers.Timer aloneRetry;
  /** Initial seeding's offers, or null when the seeder advertises every piece. */
  private final SeedingOffers<PeerConnection> offers;
  private long bytesDone;
  private long uploadedTotal;
  private long downloadedTotal;
  private int piecesOut;
  private long uploadedWhenAllOut = -1;
  private final long[] uploadedPerPiece;
  private long uploadTokens;
  private long lastRefillNanos;
  private int hashFailures;
  private boolean stopped;

  SwarmSession(SwarmEngine engine, Metainfo meta, PieceStorage storage, Bitfield have, PeerSource source,
               Consumer<TransferProgress> progress) {
    this.engine = engine;
    this.meta = meta;
    this.storage = storage;
    this.source = source;
    this.progress = progress;
    this.have = have;
    this.picker = new PiecePicker(have, meta::pieceSize, engine.random());
    this.choker = new Choker<>(engine.config().uploadSlots(), engine.random());
    this.downloadRate = new RateMeter(engine.clock().nanos());
    this.uploadedPerPiece = new long[meta.pieceCount()];
    this.offers = engine.config().initialSeeding()
        ? new SeedingOffers<>(meta.pieceCount(), p -> uploadedPerPiece[p] / meta.pieceSize(p), engine.random(), SeedingOffers.PER_PEER)
        : null;
    for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
      bytesDone += meta.pieceSize(i);
    }
  }

  void start() {
    Timers t = engine.timers();
    timers.add(t.periodic(Choker.RECHOKE_MILLIS, 100, this::rechoke));
    timers.add(t.periodic(1000, 50, this::tick));
    timers.add(t.periodic(engine.config().announceMillis(), engine.config().announceMillis() / 10, () -> announce(PeerSource.Event.NONE)));
    if (engine.config().uploadBytesPerSecond() > 0) {
      lastRefillNanos = engine.clock().nanos();
      timers.add(t.periodic(100, 0, this::refillBudget));
    }
    if (have.complete()) {
      completion.tryComplete();
    }
    emitProgress();
    announce(PeerSource.Event.STARTED);
  }

  /** The metainfo. */
  public Metainfo meta() {
    return meta;
  }

  /** The pieces verified so far (live view; do not modify). */
  public Bitfield have() {
    return have;
  }

  /** The downloaded file, or the top directory of multi-file content. */
  public Path root() {
    return storage.root();
  }

  /** Completes once every piece is verified (at once for a seeder); fails if stopped before that. */
  public Future<Void> completion() {
    return completion.future();
  }

  /** True once every piece is verified. */
  public boolean complete() {
    return have.complete();
  }

  /** Connected peers that completed the handshake. */
  public int peerCount() {
    return (int) connections.stream().filter(PeerConnection::ready).count();
  }

  /** Bytes uploaded to peers in all. */
  public long uploaded() {
    return uploadedTotal;
  }

  /** Bytes of wanted blocks received from peers in all (verified or not; what trackers are told as downloaded). */
  public long downloaded() {
    return downloadedTotal;
  }

  /** Pieces that failed their hash check. */
  public int hashFailures() {
    return hashFailures;
  }

  /** Peer ids and addresses banned for bad data (at most {@link BannedPeers#MAX}, the oldest forgotten first). */
  public Set<String> banned() {
    return banned.snapshot();
  }

  /** The current progress. */
  public TransferProgress progress() {
    return new TransferProgress(meta.infoHash(), bytesDone, meta.totalLength(), downloadRate.rate(engine.clock().nanos()),
        peerCount(), have.cardinality(), meta.pieceCount());
  }

  /** The connections, for diagnostics in tests (a copy). */
  List<PeerConnection> connections() {
    return List.copyOf(connections);
  }

  /** Adds peers to dial (the session dials them while it is downloading). */
  public void addPeers(List<PeerAddress> peers) {
    known.add(peers, engine::isSelf);
    connectMore();
  }

  private void announce(PeerSource.Event event) {
    if (stopped) {
      return;
    }
    source.announce(meta.infoHash(), engine.port(), uploadedTotal, downloadedTotal, meta.totalLength() - bytesDone, event)
        .onSuccess(peers -> {
          if (!stopped) {
            addPeers(peers);
            retrySoonIfAlone();
          }
        })
        .onFailure(e -> LOG.debug("announce of {} failed: {}", meta.name(), e.getMessage()));
  }

  /**
   * A download left with no connection and nothing to dial after an announce (its sources named no
   * other peer) asks them again after {@link #ALONE_RETRY_MILLIS}, doubling up to the announce
   * period, rather than wait a whole period.
   */
  private void retrySoonIfAlone() {
    if (have.complete() || !connections.isEmpty() || !dialing.isEmpty()) {
      aloneRetryMillis = ALONE_RETRY_MILLIS;
      return;
    }
    if (aloneRetry != null || aloneRetryMillis >= engine.config().announceMillis()) {
      return;
    }
    long delay = aloneRetryMillis;
    aloneRetryMillis *= 2;
    aloneRetry = engine.timers().once(delay, () -> {
      aloneRetry = null;
      announce(PeerSource.Event.NONE);
    });
  }

  private void connectMore() {
    if (stopped || have.complete()) {
      return;
    }
    known.dialWhile(engine.clock().nanos(), () -> connections.size() + dialing.size() < engine.config().maxPeers(),
        a -> dialing.contains(a) || banned.contains(a.toString()) || connectedTo(a), a -> {
          dialing.add(a);
          engine.transport().connect(a.host(), a.port()).onComplete(ar -> {
            dialing.remove(a);
            if (ar.failed()) {
              LOG.debug("cannot connect to {}: {}", a, ar.cause().getMessage());
            } else if (stopped) {
              ar.result().close();
            } else {
              connections.add(new PeerConnection(engine, ar.result(), this, a));
            }
          });
        });
  }

  private boolean connectedTo(PeerAddress a) {
    for (PeerConnection c : connections) {
      if (a.equals(c.address())) {
        return true;
      }
    }
    return false;
  }

  /** A connection finished its handshake; false if it was refused (banned, duplicate, too many). */
  boolean accept(PeerConnection c) {
    if (stopped) {
      c.close("torrent stopped");
      return false;
    }
    if (banned.contains(c.peerIdHex()) || banned.contains(c.address().toString())) {
      c.close("peer is banned");
      return false;
    }
    for (PeerConnection o : List.copyOf(connections)) {
      if (o != c && o.ready() && o.peerIdHex().equals(c.peerIdHex())) {
        // two peers that dial each other at once must agree on which connection to keep: the one
        // opened by the peer with the smaller id
        boolean weAreSmaller = java.util.Arrays.compareUnsigned(engine.peerId(), c.peerIdBytes()) < 0;
        if (o.outbound() != c.outbound() && c.outbound() == weAreSmaller) {
          o.close("duplicate connection to this peer");
          break;
        }
        c.close("already connected to this peer");
        return false;
      }
    }
    if (!connections.contains(c)) {
      if (connections.size() >= engine.config().maxPeers()) {
        c.close("too many peers");
        return false;
      }
      connections.add(c);
    }
    return true;
  }

  void connectFailed(PeerConnection c) {
    connections.remove(c);
  }

  void connectionClosed(PeerConnection c) {
    connections.remove(c);
    if (offers != null) {
      offers.forget(c);
    }
    if (c.peerHave() != null) {
      picker.removePeer(c.peerHave());
    }
    dropRequests(c);
    for (Set<PeerConnection> s : contributors.values()) {
      s.remove(c);
    }
    if (!c.amChoking) {
      fillFreeSlots();
    }
    emitProgress();
  }

  void peerBitfield(PeerConnection c) {
    picker.addPeer(c.peerHave());
    updateInterest(c);
    if (c.offeredOnly) {
      Bitfield theirs = c.peerHave();
      for (int p : offers.offeredTo(c)) {
        if (theirs.get(p)) {
          offers.settled(c, p);
        }
      }
      offerMore(c);
    }
  }

  void peerHas(PeerConnection c, int piece) {
    picker.peerHas(piece);
    updateInterest(c);
    refill(c);
    if (c.offeredOnly && offers.settled(c, piece)) {
      offerMore(c);
    }
  }

  /**
   * True if a new connection is to be seeded by offers ({@link SeedingOffers}): no bitfield, a few
   * pieces at a time. Only a complete torrent with initial seeding on does so.
   */
  boolean seedsByOffers() {
    return offers != null && have.complete();
  }

  /** Announces to {@code c} the pieces initial seeding offers it now. */
  void offerMore(PeerConnection c) {
    for (int p : offers.offer(c, c.peerHave())) {
      c.send(new PeerMessage.Have(p));
    }
  }

  private void updateInterest(PeerConnection c) {
    c.interested(!have.complete() && picker.interestingPeer(c.peerHave()));
  }

  void peerInterested(PeerConnection c) {
    fillFreeSlots();
  }

  /** Unchokes interested peers while regular slots are free, so newcomers need not wait for a re-choke. */
  private void fillFreeSlots() {
    long unchoked = connections.stream().filter(c -> c.ready() && !c.amChoking).count();
    for (PeerConnection c : connections) {
      if (unchoked >= engine.config().uploadSlots()) {
        return;
      }
      if (c.ready() && c.amChoking && c.peerInterested) {
        c.unchoke();
        unchoked++;
      }
    }
  }

  private void rechoke() {
    long now = engine.clock().nanos();
    List<Choker.PeerView<PeerConnection>> views = new ArrayList<>();
    for (PeerConnection c : connections) {
      if (c.ready()) {
        double rate = have.complete() ? c.upload.rate(now) : c.download.rate(now);
        views.add(new Choker.PeerView<>(c, c.peerInterested, rate, snubbed(c, now)));
      }
    }
    Set<PeerConnection> unchoke = choker.rechoke(views);
    for (Choker.PeerView<PeerConnection> v : views) {
      if (unchoke.contains(v.peer())) {
        v.peer().unchoke();
      } else {
        v.peer().choke();
      }
    }
  }

  private boolean snubbed(PeerConnection c, long now) {
    return c.amInterested && !c.peerChoking && !c.inFlight.isEmpty() && now - c.lastBlockNanos > SNUB_NANOS;
  }

  private void tick() {
    long now = engine.clock().nanos();
    for (PeerConnection c : List.copyOf(connections)) {
      if (!c.ready()) {
        continue;
      }
      if (now - c.lastReceivedNanos > IDLE_NANOS) {
        c.close("silent for " + IDLE_NANOS / 1_000_000_000L + " s");
        continue;
      }
      if (snubbed(c, now)) {
        // hand its blocks to others; the choker stops giving it a regular slot
        dropRequests(c);
        refillAll();
      }
      if (now - c.lastSentNanos > KEEPALIVE_NANOS) {
        c.send(PeerMessage.KEEP_ALIVE);
      }
    }
    reassignIdleSlots(now);
    connectMore();
    if (!have.complete()) {
      emitProgress();
    }
  }

  /** Gives the slots of unchoked peers that ask for nothing to choked peers that want something. */
  private void reassignIdleSlots(long now) {
    List<Choker.SlotView<PeerConnection>> views = new ArrayList<>();
    for (PeerConnection c : connections) {
      if (c.ready()) {
        double rate = have.complete() ? c.upload.rate(now) : c.download.rate(now);
        views.add(new Choker.SlotView<>(c, !c.amChoking, c.peerInterested, c.idleSlot(now - IDLE_SLOT_NANOS), rate));
      }
    }
    for (Choker.Swap<PeerConnection> s : choker.reassignIdle(views)) {
      s.from().choke();
      s.to().unchoke();
    }
  }

  void refill(PeerConnection c) {
    if (stopped || have.complete() || !c.ready() || c.peerChoking || !c.amInterested) {
      return;
    }
    int need = pipelineDepth(c) - c.inFlight.size();
    if (need <= 0) {
      return;
    }
    for (Block b : picker.pick(c.peerHave(), need, c.inFlight)) {
      c.request(b);
    }
  }

  /**
   * Requests to keep in flight to {@code c}: about a second of what it has been sending us, within
   * [{@value #MIN_PIPELINE}, configured pipeline]. A fixed deep pipeline to a slow peer (an upload
   * cap shared among its slots) ties up many blocks that faster peers holding the same pieces could
   * send at once, and leaves the peers that could serve them idle.
   */
  private int pipelineDepth(PeerConnection c) {
    return pipelineDepth(c.recentDownload.rate(engine.clock().nanos()), engine.config().pipeline());
  }

  /** Blocks to keep in flight to a peer sending {@code bytesPerSecond}, with at most {@code max}. */
  static int pipelineDepth(double bytesPerSecond, int max) {
    long byRate = (long) Math.ceil(bytesPerSecond * PIPELINE_SECONDS / io.hopscotch.transfer.swarm.protocol.PeerWireCodec.BLOCK);
    return (int) Math.max(Math.min(MIN_PIPELINE, max), Math.min(max, byRate));
  }

  private void refillAll() {
    for (PeerConnection c : List.copyOf(connections)) {
      refill(c);
    }
  }

  void dropRequests(PeerConnection c) {
    for (Block b : c.inFlight) {
      picker.requestDropped(b);
    }
    c.inFlight.clear();
  }

  boolean wantedBlock(Block b) {
    return picker.wanted(b);
  }

  void blockReceived(PeerConnection from, Block b, byte[] data) {
    if (!picker.wanted(b)) {
      refill(from);
      return;
    }
    try {
      storage.write(b.piece(), b.begin(), data);
    } catch (IOException | IndexOutOfBoundsException e) {
      LOG.warn("cannot write block {} of {}: {}", b, meta.name(), e.getMessage());
      picker.requestDropped(b);
      return;
    }
    downloadRate.add(b.length(), engine.clock().nanos());
    downloadedTotal += b.length();
    contributors.computeIfAbsent(b.piece(), k -> new HashSet<>()).add(from);
    boolean pieceDone = picker.blockReceived(b);
    for (PeerConnection c : List.copyOf(connections)) {
      if (c != from) {
        c.cancel(b); // endgame duplicates
      }
    }
    if (pieceDone) {
      pieceDone(b.piece());
    }
    refill(from);
  }

  private void pieceDone(int piece) {
    Set<PeerConnection> sources = contributors.remove(piece);
    boolean ok;
    try {
      ok = storage.verify(piece);
    } catch (IOException e) {
      LOG.warn("cannot read back piece {} of {}: {}", piece, meta.name(), e.getMessage());
      ok = false;
    }
    if (!ok) {
      hashFailures++;
      picker.pieceFailed(piece);
      punish(piece, sources == null ? Set.of() : sources);
      refillAll();
      return;
    }
    picker.pieceVerified(piece);
    bytesDone += meta.pieceSize(piece);
    for (PeerConnection c : List.copyOf(connections)) {
      if (c.ready()) {
        c.send(new PeerMessage.Have(piece));
        updateInterest(c);
      }
    }
    emitProgress();
    if (have.complete()) {
      LOG.debug("{} complete; seeding", meta.name());
      announce(PeerSource.Event.COMPLETED);
      completion.tryComplete();
    }
  }

  private void punish(int piece, Set<PeerConnection> sources) {
    for (PeerConnection c : sources) {
      c.hashFailures++;
      if (sources.size() == 1 || c.hashFailures >= MAX_SHARED_FAILURES) {
        LOG.info("banning {} ({}): piece {} of {} failed its hash check", c.address(), c.peerIdHex(), piece, meta.name());
        banned.add(c.peerIdHex());
        banned.add(c.address().toString());
        c.close("sent data that failed the hash check of piece " + piece);
      }
    }
  }

  byte[] readBlock(int piece, int begin, int length) {
    try {
      return storage.read(piece, begin, length);
    } catch (IOException | IndexOutOfBoundsException e) {
      LOG.warn("cannot read block {}+{} of piece {} of {}: {}", begin, length, piece, meta.name(), e.getMessage());
      return null;
    }
  }

  boolean takeUploadBudget(int bytes) {
    if (engine.config().uploadBytesPerSecond() == 0) {
      return true;
    }
    if (uploadTokens < bytes) {
      return false;
    }
    uploadTokens -= bytes;
    return true;
  }

  /**
   * Adds the upload allowance of the time since the last refill (not a fixed tenth of the cap per
   * call: on a busy machine the 100 ms timer fires late, and a fixed step would cap uploads below
   * the configured rate). The bucket holds at most one second of the cap.
   */
  private void refillBudget() {
    long cap = engine.config().uploadBytesPerSecond();
    long now = engine.clock().nanos();
    long elapsed = Math.max(0, now - lastRefillNanos);
    lastRefillNanos = now;
    long add = (long) Math.min((double) cap, cap * (elapsed / 1e9));
    uploadTokens = Math.min(Math.max(cap, 2L * 16384), uploadTokens + add);
    for (PeerConnection c : List.copyOf(connections)) {
      if (c.hasQueuedRequests()) {
        c.pump();
      }
    }
  }

  void uploaded(int piece, int bytes) {
    uploadedTotal += bytes;
    long before = uploadedPerPiece[piece];
    uploadedPerPiece[piece] += bytes;
    int size = meta.pieceSize(piece);
    if (before < size && before + bytes >= size && ++piecesOut == meta.pieceCount()) {
      uploadedWhenAllOut = uploadedTotal;
    }
  }

  /**
   * Bytes uploaded in all at the moment a piece's worth of every piece had been uploaded (the end of a
   * seeder's first pass), or -1 before then. Beyond the content's size it counts what went out twice
   * while some piece had not yet gone out at all.
   */
  public long uploadedWhenEveryPieceWasOut() {
    return uploadedWhenAllOut;
  }

  /** Bytes uploaded of {@code piece} to all peers together (how often the piece went out, times its size). */
  long uploadedOfPiece(int piece) {
    return uploadedPerPiece[piece];
  }

  private void emitProgress() {
    if (stopped) {
      return;
    }
    try {
      progress.accept(progress());
    } catch (RuntimeException e) {
      LOG.warn("progress listener of {} failed: {}", meta.name(), e.toString());
    }
  }

  /** Stops: announces leaving, closes every connection and the storage; an unfinished download fails. */
  public void stop() {
    if (stopped) {
      return;
    }
    source.announce(meta.infoHash(), engine.port(), uploadedTotal, downloadedTotal, meta.totalLength() - bytesDone,
            PeerSource.Event.STOPPED)
        .onFailure(e -> LOG.debug("stop announce of {} failed: {}", meta.name(), e.getMessage()));
    stopped = true;
    if (aloneRetry != null) {
      aloneRetry.cancel();
      aloneRetry = null;
    }
    timers.forEach(Timers.Timer::cancel);
    timers.clear();
    for (PeerConnection c : List.copyOf(connections)) {
      c.close("torrent stopped");
    }
    connections.clear();
    try {
      storage.close();
    } catch (IOException e) {
      LOG.warn("closing the storage of {} failed: {}", meta.name(), e.getMessage());
    }
    completion.tryFail(new HopscotchException("download of " + meta.name() + " stopped before it completed ("
        + have.cardinality() + " of " + meta.pieceCount() + " pieces)"));
  }
}
