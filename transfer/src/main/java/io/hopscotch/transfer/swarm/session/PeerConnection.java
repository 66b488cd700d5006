package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.net.WireChannel;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import io.hopscotch.transfer.swarm.protocol.Block;
import io.hopscotch.transfer.swarm.protocol.ExtensionHandshake;
import io.hopscotch.transfer.swarm.protocol.Handshake;
import io.hopscotch.transfer.swarm.protocol.MetadataMessage;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PeerWireCodec;
import io.hopscotch.transfer.swarm.protocol.RateMeter;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer wire connection: the handshake, the four choke/interest flags of BEP 3, the peer's pieces,
 * our requests in flight and the peer's requests waiting to be served. Every rule violation — a wrong
 * info-hash, a lying bitfield, a have or request out of range, an oversized request, an unsolicited
 * block of the wrong size, a malformed extension message — closes the connection with a logged
 * reason; the session goes on with the other peers. With a peer that speaks the extension protocol
 * (BEP 10) it exchanges extended handshakes and serves the info dictionary (BEP 9) to peers that
 * started from a magnet link.
 */
final class PeerConnection {

  private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
  /** Most requests a peer may have queued with us; more closes the connection. */
  static final int MAX_PEER_REQUESTS = 512;
  /** A connection that has not completed the handshake after this long is closed. */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 30_000;
  /** Metadata requests a peer may make beyond four per metadata piece before the connection is closed. */
  static final int SPARE_METADATA_REQUESTS = 64;

  private final SwarmEngine engine;
  private final WireChannel channel;
  private final boolean outbound;
  private final PeerAddress dialed;
  private SwarmSession session;
  private final PeerWireCodec codec;
  private byte[] peerId;
  private Bitfield peerHave;
  private boolean handshaken;
  private boolean bitfieldSeen;
  private int messagesAfterHandshake;
  private boolean peerExtensions;
  private int peerMetadataId;
  private int metadataRequests;
  private boolean closed;
  private String closeReason = "closed by peer";

  boolean amChoking = true;
  boolean amInterested;
  boolean peerChoking = true;
  boolean peerInterested;
  final Set<Block> inFlight = new LinkedHashSet<>();
  private final ArrayDeque<PeerMessage.Request> peerRequests = new ArrayDeque<>();
  final RateMeter download;
  final RateMeter upload;
  /** Blocks from this peer over the last few seconds: how deep to pipeline requests to it. */
  final RateMeter recentDownload;
  /** When we last unchoked this peer. */
  long unchokedNanos;
  /** When this peer last sent a request we queued. */
  long lastRequestNanos;
  long lastBlockNanos;
  long lastReceivedNanos;
  long lastSentNanos;
  int hashFailures;
  /** This peer learns our pieces only from initial seeding's offers (we sent it no bitfield). */
  boolean offeredOnly;

  PeerConnection(SwarmEngine engine, WireChannel channel, SwarmSession session, PeerAddress dialed) {
    this.engine = engine;
    this.channel = channel;
    this.session = session;
    this.outbound = session != null;
    this.dialed = dialed;
    long now = engine.clock().nanos();
    this.download = new RateMeter(now);
    this.upload = new RateMeter(now);
    this.recentDownload = new RateMeter(now, SwarmSession.PIPELINE_RATE_SECONDS);
    this.lastBlockNanos = now;
    this.lastReceivedNanos = now;
    this.lastSentNanos = now;
    this.codec = new PeerWireCodec(session == null ? 0 : session.meta().pieceCount(), true);
    channel.handler(this::onData);
    channel.closeHandler(this::onClosed);
    channel.drainHandler(this::pump);
    if (outbound) {
      send(new Handshake(session.meta().infoHash(), engine.peerId()).encode());
    }
    engine.timers().once(HANDSHAKE_TIMEOUT_MILLIS, () -> {
      if (!handshaken) {
        close("no handshake within " + HANDSHAKE_TIMEOUT_MILLIS / 1000 + " s");
      }
    });
  }

  /** The address dialed (outbound) or the remote socket address (inbound). */
  PeerAddress address() {
    return dialed != null ? dialed : new PeerAddress(channel.remoteHost(), Math.max(1, channel.remotePort()));
  }

  String peerIdHex() {
    return peerId == null ? "?" : HexFormat.of().formatHex(peerId);
  }

  byte[] peerIdBytes() {
    return peerId.clone();
  }

  boolean outbound() {
    return outbound;
  }

  Bitfield peerHave() {
    return peerHave;
  }

  boolean ready() {
    return handshaken && !closed;
  }

  boolean isClosed() {
    return closed;
  }

  private void onData(byte[] data) {
    if (closed) {
      return;
    }
    lastReceivedNanos = engine.clock().nanos();
    List<Object> items;
    try {
      items = codec.feed(data);
    } catch (PeerWireCodec.ProtocolException e) {
      close("protocol error: " + e.getMessage());
      return;
    }
    for (Object item : items) {
      if (closed) {
        return;
      }
      if (item instanceof Handshake h) {
        onHandshake(h);
      } else {
        onMessage((PeerMessage) item);
      }
    }
  }

  private void onHandshake(Handshake h) {
    Key hash = h.infoHash();
    if (session == null) {
      session = engine.sessionFor(hash);
      if (session == null) {
        close("handshake for unknown info-hash " + hash.toHex());
        return;
      }
      // the codec's bound on a bitfield depends on the piece count, now known
      codec.pieceCount(session.meta().pieceCount());
    } else if (!hash.equals(session.meta().infoHash())) {
      close("handshake with the wrong info-hash " + hash.toHex());
      return;
    }
    if (java.util.Arrays.equals(h.peerId(), engine.peerId())) {
      close("connected to ourselves");
      return;
    }
    peerId = h.peerId();
    peerExtensions = h.extensionProtocol();
    peerHave = new Bitfield(session.meta().pieceCount());
    if (!outbound) {
      send(new Handshake(hash, engine.peerId()).encode());
    }
    handshaken = true;
    if (!session.accept(this)) {
      return;
    }
    Bitfield mine = session.have();
    offeredOnly = session.seedsByOffers();
    if (!offeredOnly && mine.cardinality() > 0) {
      send(new PeerMessage.BitfieldMessage(mine.toBytes()));
    }
    if (peerExtensions) {
      ExtensionHandshake ours = new ExtensionHandshake(java.util.Map.of(ExtensionHandshake.UT_METADATA,
          ExtensionHandshake.OUR_UT_METADATA_ID), session.meta().infoLength(), SwarmEngine.CLIENT_NAME);
      send(new PeerMessage.Extended(0, ours.encode()));
    }
    if (offeredOnly) {
      session.offerMore(this);
    }
  }

  private void onExtended(PeerMessage.Extended x) {
    if (!peerExtensions) {
      close("extended message from a peer whose handshake did not announce the extension protocol");
      return;
    }
    try {
      if (x.extendedId() == 0) {
        peerMetadataId = ExtensionHandshake.decode(x.payload()).idOf(ExtensionHandshake.UT_METADATA);
      } else if (x.extendedId() == ExtensionHandshake.OUR_UT_METADATA_ID) {
        onMetadata(MetadataMessage.decode(x.payload()));
      }
      // any other id names an extension we never offered: BEP 10 has such messages ignored
    } catch (PeerWireCodec.ProtocolException e) {
      close(e.getMessage());
    }
  }

  private void onMetadata(MetadataMessage m) {
    if (m.type() != MetadataMessage.Type.REQUEST) {
      return; // a running torrent never asks for metadata, so data or rejects are stale; ignore them
    }
    if (peerMetadataId == 0) {
      close("metadata request from a peer whose extended handshake offered no ut_metadata");
      return;
    }
    int size = session.meta().infoLength();
    int pieces = MetadataMessage.pieceCount(size);
    if (++metadataRequests > 4 * pieces + SPARE_METADATA_REQUESTS) {
      close("more than " + (4 * pieces + SPARE_METADATA_REQUESTS) + " metadata requests");
      return;
    }
    MetadataMessage answer;
    if (m.piece() >= pieces) {
      answer = MetadataMessage.reject(m.piece());
    } else {
      int from = m.piece() * MetadataMessage.PIECE;
      answer = new MetadataMessage(MetadataMessage.Type.DATA, m.piece(), size,
          session.meta().infoSlice(from, from + MetadataMessage.pieceSize(size, m.piece())));
    }
    send(new PeerMessage.Extended(peerMetadataId, answer.encode()));
  }

  private void onMessage(PeerMessage m) {
    if (m instanceof PeerMessage.Extended x) {
      // not counted: a bitfield that follows an extended handshake is still the peer's first word
      onExtended(x);
      return;
    }
    messagesAfterHandshake++;
    int pieces = session.meta().pieceCount();
    if (m instanceof PeerMessage.KeepAlive || m instanceof PeerMessage.Unknown) {
      return;
    }
    if (m instanceof PeerMessage.Choke) {
      peerChoking = true;
      session.dropRequests(this);
    } else if (m instanceof PeerMessage.Unchoke) {
      peerChoking = false;
      session.refill(this);
    } else if (m instanceof PeerMessage.Interested) {
      peerInterested = true;
      session.peerInterested(this);
    } else if (m instanceof PeerMessage.NotInterested) {
      peerInterested = false;
      peerRequests.clear();
    } else if (m instanceof PeerMessage.Have h) {
      if (h.piece() < 0 || h.piece() >= pieces) {
        close("have for piece " + h.piece() + " of a torrent with " + pieces + " pieces");
        return;
      }
      if (!peerHave.get(h.piece())) {
        peerHave.set(h.piece());
        session.peerHas(this, h.piece());
      }
    } else if (m instanceof PeerMessage.BitfieldMessage b) {
      // BEP 3 wants the bitfield first, but some clients (aria2) that start empty send none, then a
      // whole bitfield instead of each have; a later bitfield counts as the pieces it adds
      Bitfield got;
      try {
        got = Bitfield.fromBytes(b.bits(), pieces);
      } catch (IllegalArgumentException e) {
        close("lying bitfield: " + e.getMessage());
        return;
      }
      if (!bitfieldSeen && messagesAfterHandshake == 1) {
        bitfieldSeen = true;
        peerHave = got;
        session.peerBitfield(this);
      } else {
        for (int i = got.nextSet(0); i >= 0; i = got.nextSet(i + 1)) {
          if (!peerHave.get(i)) {
            peerHave.set(i);
            session.peerHas(this, i);
          }
        }
      }
    } else if (m instanceof PeerMessage.Request r) {
      onRequest(r);
    } else if (m instanceof PeerMessage.Cancel c) {
      peerRequests.remove(new PeerMessage.Request(c.piece(), c.begin(), c.length()));
    } else if (m instanceof PeerMessage.Piece p) {
      onPiece(p);
    }
  }

  private void onRequest(PeerMessage.Request r) {
    int pieces = session.meta().pieceCount();
    if (r.piece() < 0 || r.piece() >= pieces) {
      close("request for piece " + r.piece() + " of a torrent with " + pieces + " pieces");
      return;
    }
    int size = session.meta().pieceSize(r.piece());
    if (r.length() <= 0 || r.length() > PeerWireCodec.MAX_BLOCK) {
      close("request of " + r.length() + " bytes (at most " + PeerWireCodec.MAX_BLOCK + ")");
      return;
    }
    if (r.begin() < 0 || r.begin() > size - r.length()) {
      close("request " + r.begin() + "+" + r.length() + " outside piece " + r.piece() + " of " + size + " bytes");
      return;
    }
    if (!session.have().get(r.piece())) {
      close("request for piece " + r.piece() + " that we never announced");
      return;
    }
    if (amChoking) {
      return; // may have crossed our choke on the wire
    }
    if (peerRequests.size() >= MAX_PEER_REQUESTS) {
      close("more than " + MAX_PEER_REQUESTS + " requests queued");
      return;
    }
    peerRequests.add(r);
    lastRequestNanos = engine.clock().nanos();
    pump();
  }

  private void onPiece(PeerMessage.Piece p) {
    Block b = new Block(p.piece(), p.begin(), p.data().length);
    if (!inFlight.remove(b)) {
      if (!session.wantedBlock(b)) {
        LOG.debug("{}: ignoring an unrequested block {}", address(), b);
        return;
      }
    }
    long now = engine.clock().nanos();
    lastBlockNanos = now;
    download.add(b.length(), now);
    recentDownload.add(b.length(), now);
    session.blockReceived(this, b, p.data());
  }

  /** Serves queued requests while the channel accepts data and the session's upload budget allows. */
  void pump() {
    while (!closed && !amChoking && !peerRequests.isEmpty() && !channel.writeQueueFull()) {
      PeerMessage.Request r = peerRequests.peek();
      if (!session.takeUploadBudget(r.length())) {
        return;
      }
      peerRequests.poll();
      byte[] data = session.readBlock(r.piece(), r.begin(), r.length());
      if (data == null) {
        close("cannot read the requested block");
        return;
      }
      send(new PeerMessage.Piece(r.piece(), r.begin(), data));
      upload.add(data.length, engine.clock().nanos());
      session.uploaded(r.piece(), data.length);
    }
  }

  boolean hasQueuedRequests() {
    return !peerRequests.isEmpty();
  }

  /** Unchoked, yet nothing queued and no request since {@code sinceNanos} (nor since the unchoke). */
  boolean idleSlot(long sinceNanos) {
    return !amChoking && peerRequests.isEmpty() && lastRequestNanos < sinceNanos && unchokedNanos < sinceNanos;
  }

  void send(PeerMessage m) {
    send(PeerWireCodec.encode(m));
  }

  private void send(byte[] bytes) {
    if (!closed) {
      lastSentNanos = engine.clock().nanos();
      channel.write(bytes);
    }
  }

  void choke() {
    if (!amChoking) {
      amChoking = true;
      peerRequests.clear();
      send(PeerMessage.CHOKE);
    }
  }

  void unchoke() {
    if (amChoking) {
      amChoking = false;
      unchokedNanos = engine.clock().nanos();
      send(PeerMessage.UNCHOKE);
    }
  }

  void interested(boolean on) {
    if (on != amInterested) {
      amInterested = on;
      send(on ? PeerMessage.INTERESTED : PeerMessage.NOT_INTERESTED);
    }
  }

  void request(Block b) {
    inFlight.add(b);
    send(new PeerMessage.Request(b.piece(), b.begin(), b.length()));
  }

  void cancel(Block b) {
    if (inFlight.remove(b)) {
      send(new PeerMessage.Cancel(b.piece(), b.begin(), b.length()));
    }
  }

  /** Closes the connection, logging why. */
  void close(String reason) {
    if (closed) {
      return;
    }
    closeReason = reason;
    LOG.debug("closing connection to {}: {}", address(), reason);
    channel.close();
    onClosed();
  }

  String closeReason() {
    return closeReason;
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    if (!outbound) {
      engine.inboundClosed(this);
    }
    if (session != null && handshaken) {
      session.connectionClosed(this);
    } else if (session != null) {
      session.connectFailed(this);
    }
  }
}
