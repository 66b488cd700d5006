package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.transfer.swarm.bencode.BencodeException;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.protocol.MetadataMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a torrent's info dictionary from peers when all one has is its info-hash (a magnet link):
 * it finds peers through a {@link PeerSource}, opens up to {@link #MAX_CONNECTIONS} metadata
 * connections, and downloads the dictionary's 16 KiB pieces from one peer at a time (so that a peer
 * whose metadata does not hash to the info-hash is known and banned, and at most one buffer of
 * {@link MetadataMessage#MAX_METADATA_SIZE} is held). Nothing is used before its SHA-1 equals the
 * info-hash. A peer that rejects, stalls, lies or sends malformed messages is dropped and the next
 * one takes over; the fetch keeps looking for peers until it succeeds or is cancelled.
 *
 * <p>Runs on its engine's event loop; every method is called there.
 */
public final class MetadataFetch {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataFetch.class);
  /** Most metadata connections open at once. */
  static final int MAX_CONNECTIONS = 8;
  /** Metadata requests in flight to the active peer. */
  static final int WINDOW = 8;
  /** The active peer is dropped after this long without a metadata piece. */
  static final long STALL_NANOS = 30_000_000_000L;
  /** Most reasons for dropped peers kept to explain a failure. */
  static final int MAX_REASONS = 16;

  private final SwarmEngine engine;
  private final Key infoHash;
  private final List<String> trackers;
  private final PeerSource source;
  private final KnownPeers known = new KnownPeers();
  private final Set<PeerAddress> dialing = new HashSet<>();
  private final Set<PeerAddress> banned = new HashSet<>();
  private final List<MetadataConnection> connections = new ArrayList<>();
  private final ArrayDeque<MetadataConnection> waiting = new ArrayDeque<>();
  private final ArrayDeque<String> reasons = new ArrayDeque<>();
  private final Promise<Metainfo> result = Promise.promise();
  private final List<Timers.Timer> timers = new ArrayList<>();
  private MetadataConnection active;
  private byte[] buffer;
  private boolean[] got;
  private int received;
  private int nextPiece;
  private int outstanding;
  private long lastProgress;
  private boolean done;

  MetadataFetch(SwarmEngine engine, Key infoHash, List<String> trackers, PeerSource source) {
    this.engine = engine;
    this.infoHash = infoHash;
    this.trackers = List.copyOf(trackers);
    this.source = source;
  }

  void start() {
    Timers t = engine.timers();
    timers.add(t.periodic(1000, 50, this::tick));
    timers.add(t.periodic(engine.config().announceMillis(), engine.config().announceMillis() / 10, () -> announce(PeerSource.Event.NONE)));
    announce(PeerSource.Event.STARTED);
  }

  /** The info-hash whose info dictionary is sought. */
  public Key infoHash() {
    return infoHash;
  }

  /** Completes with the verified metainfo (carrying the given trackers); fails if cancelled. */
  public Future<Metainfo> result() {
    return result.future();
  }

  /** The peer addresses known so far (handed to the download once the metadata is in). */
  public List<PeerAddress> peers() {
    return known.addresses();
  }

  /** Why the most recently dropped peers were dropped, oldest first (at most {@value #MAX_REASONS}). */
  public List<String> dropReasons() {
    return List.copyOf(reasons);
  }

  /** Adds peers to ask. */
  public void addPeers(List<PeerAddress> peers) {
    known.add(peers, engine::isSelf);
    connectMore();
  }

  SwarmEngine engine() {
    return engine;
  }

  private void announce(PeerSource.Event event) {
    if (done) {
      return;
    }
    // the size is unknown until the metadata is in; any positive "left" marks this peer a leecher
    source.announce(infoHash, engine.port(), 1, event)
        .onSuccess(this::addPeers)
        .onFailure(e -> LOG.debug("announce of {} failed: {}", infoHash.toHex(), e.getMessage()));
  }

  private void connectMore() {
    if (done) {
      return;
    }
    known.dialWhile(engine.clock().nanos(), () -> connections.size() + dialing.size() < MAX_CONNECTIONS,
        a -> dialing.contains(a) || banned.contains(a) || connectedTo(a), a -> {
          dialing.add(a);
          engine.transport().connect(a.host(), a.port()).onComplete(ar -> {
            dialing.remove(a);
            if (ar.failed()) {
              note(a + ": cannot connect: " + ar.cause().getMessage());
            } else if (done) {
              ar.result().close();
            } else {
              connections.add(new MetadataConnection(this, ar.result(), a));
            }
          });
        });
  }

  private boolean connectedTo(PeerAddress a) {
    for (MetadataConnection c : connections) {
      if (c.address().equals(a)) {
        return true;
      }
    }
    return false;
  }

  private void note(String reason) {
    if (reasons.size() >= MAX_REASONS) {
      reasons.poll();
    }
    reasons.add(reason);
  }

  void ready(MetadataConnection c) {
    if (done) {
      c.close("metadata already complete");
      return;
    }
    waiting.add(c);
    activateNext();
  }

  private void activateNext() {
    while (active == null && !done && !waiting.isEmpty()) {
      MetadataConnection c = waiting.poll();
      if (c.isClosed()) {
        continue;
      }
      active = c;
      int size = (int) c.metadataSize();
      buffer = new byte[size];
      got = new boolean[MetadataMessage.pieceCount(size)];
      received = 0;
      nextPiece = 0;
      outstanding = 0;
      lastProgress = engine.clock().nanos();
      requestMore();
    }
  }

  private void requestMore() {
    while (outstanding < WINDOW && nextPiece < got.length) {
      active.request(nextPiece++);
      outstanding++;
    }
  }

  void onData(MetadataConnection c, MetadataMessage m) {
    if (c != active) {
      return; // a stale answer to a peer no longer asked
    }
    if (m.totalSize() != buffer.length) {
      c.close("metadata total_size " + m.totalSize() + " differs from the metadata_size " + buffer.length + " of its handshake");
      return;
    }
    int p = m.piece();
    if (p >= got.length) {
      c.close("metadata piece " + p + " beyond the " + got.length + " pieces of " + buffer.length + " bytes");
      return;
    }
    int expected = MetadataMessage.pieceSize(buffer.length, p);
    byte[] data = m.data();
    if (data.length != expected) {
      c.close("metadata piece " + p + " of " + data.length + " bytes, expected " + expected);
      return;
    }
    if (got[p]) {
      return;
    }
    System.arraycopy(data, 0, buffer, p * MetadataMessage.PIECE, data.length);
    got[p] = true;
    received++;
    outstanding = Math.max(0, outstanding - 1);
    lastProgress = engine.clock().nanos();
    if (received == got.length) {
      verify(c);
    } else {
      requestMore();
    }
  }

  private void verify(MetadataConnection c) {
    byte[] info = buffer;
    if (!Key.sha1(info).equals(infoHash)) {
      banned.add(c.address());
      c.close("its metadata does not hash to the info-hash " + infoHash.toHex());
      return;
    }
    Metainfo meta;
    try {
      meta = Metainfo.fromInfoBytes(info, trackers);
    } catch (BencodeException e) {
      // every honest peer holds these very bytes, so no other peer can do better
      finish(null, new HopscotchException("the info dictionary of " + infoHash.toHex() + " is invalid: " + e.getMessage()));
      return;
    }
    LOG.debug("metadata of {} ({} bytes) obtained from {}", infoHash.toHex(), info.length, c.address());
    finish(meta, null);
  }

  void onReject(MetadataConnection c, MetadataMessage m) {
    if (c == active) {
      c.close("peer rejected metadata piece " + m.piece());
    }
  }

  void closed(MetadataConnection c) {
    connections.remove(c);
    waiting.remove(c);
    if (done) {
      return;
    }
    note(c.address() + ": " + c.closeReason());
    if (c == active) {
      active = null;
      buffer = null;
      got = null;
      activateNext();
    }
    connectMore();
  }

  private void tick() {
    if (done) {
      return;
    }
    if (active != null && engine.clock().nanos() - lastProgress > STALL_NANOS) {
      active.close("no metadata piece for " + STALL_NANOS / 1_000_000_000L + " s");
    }
    connectMore();
  }

  /** Stops looking; the result fails with {@code reason} and the reasons peers were dropped. */
  public void cancel(String reason) {
    if (!done) {
      String why = reasons.isEmpty() ? "" : " (peers dropped: " + String.join("; ", reasons) + ")";
      finish(null, new HopscotchException("metadata of " + infoHash.toHex() + " not obtained: " + reason + why));
    }
  }

  private void finish(Metainfo meta, Throwable failure) {
    done = true;
    timers.forEach(Timers.Timer::cancel);
    timers.clear();
    active = null;
    buffer = null;
    for (MetadataConnection c : List.copyOf(connections)) {
      c.close(meta != null ? "metadata complete" : "metadata fetch stopped");
    }
    connections.clear();
    waiting.clear();
    if (meta != null) {
      result.tryComplete(meta);
    } else {
      result.tryFail(failure);
    }
  }
}
