package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.net.WireChannel;
import io.hopscotch.transfer.swarm.protocol.ExtensionHandshake;
import io.hopscotch.transfer.swarm.protocol.Handshake;
import io.hopscotch.transfer.swarm.protocol.MetadataMessage;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PeerWireCodec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection opened only to obtain a torrent's info dictionary from a peer (BEP 9 over BEP 10):
 * the handshake with the extension bit, the extended handshake that tells the peer's
 * {@code ut_metadata} id and {@code metadata_size}, then metadata requests on behalf of its
 * {@link MetadataFetch}. Piece messages of BEP 3 are ignored; anything malformed, a wrong info-hash,
 * a peer without the extension protocol or an out-of-bounds {@code metadata_size} closes the
 * connection with a reason.
 */
final class MetadataConnection {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataConnection.class);
  /** Time from connecting to the peer's extended handshake before giving up on the peer. */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 30_000;

  private final MetadataFetch fetch;
  private final WireChannel channel;
  private final PeerAddress address;
  private final PeerWireCodec codec = new PeerWireCodec(0, true);
  private boolean handshaken;
  private boolean ready;
  private boolean closed;
  private int peerMetadataId;
  private long metadataSize = -1;
  private String closeReason = "closed by peer";

  MetadataConnection(MetadataFetch fetch, WireChannel channel, PeerAddress address) {
    this.fetch = fetch;
    this.channel = channel;
    this.address = address;
    channel.handler(this::onData);
    channel.closeHandler(() -> closed("closed by peer"));
    channel.write(new Handshake(fetch.infoHash(), fetch.engine().peerId(), true).encode());
    fetch.engine().timers().once(HANDSHAKE_TIMEOUT_MILLIS, () -> {
      if (!ready) {
        close("no extended handshake within " + HANDSHAKE_TIMEOUT_MILLIS / 1000 + " s");
      }
    });
  }

  PeerAddress address() {
    return address;
  }

  /** The {@code metadata_size} the peer announced (valid once the fetch was told it is ready). */
  long metadataSize() {
    return metadataSize;
  }

  boolean isClosed() {
    return closed;
  }

  String closeReason() {
    return closeReason;
  }

  private void onData(byte[] data) {
    if (closed) {
      return;
    }
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
      } else if (item instanceof PeerMessage.Extended x) {
        onExtended(x);
      }
      // bitfield, have, choke and the rest concern pieces, which this connection does not download
    }
  }

  private void onHandshake(Handshake h) {
    Key want = fetch.infoHash();
    if (!h.infoHash().equals(want)) {
      close("handshake with the wrong info-hash " + h.infoHash().toHex());
      return;
    }
    if (Arrays.equals(h.peerId(), fetch.engine().peerId())) {
      close("connected to ourselves");
      return;
    }
    if (!h.extensionProtocol()) {
      close("peer does not speak the extension protocol (BEP 10), so it cannot give the metadata");
      return;
    }
    handshaken = true;
    ExtensionHandshake ours = new ExtensionHandshake(Map.of(ExtensionHandshake.UT_METADATA, ExtensionHandshake.OUR_UT_METADATA_ID),
        -1, SwarmEngine.CLIENT_NAME);
    send(new PeerMessage.Extended(0, ours.encode()));
  }

  private void onExtended(PeerMessage.Extended x) {
    if (!handshaken) {
      close("extended message before the handshake");
      return;
    }
    try {
      if (x.extendedId() == 0) {
        onExtensionHandshake(ExtensionHandshake.decode(x.payload()));
      } else if (x.extendedId() == ExtensionHandshake.OUR_UT_METADATA_ID) {
        onMetadata(MetadataMessage.decode(x.payload()));
      }
    } catch (PeerWireCodec.ProtocolException e) {
      close(e.getMessage());
    }
  }

  private void onExtensionHandshake(ExtensionHandshake hs) {
    if (ready) {
      return; // BEP 10 allows a later handshake to update; the size of the metadata cannot change
    }
    int id = hs.idOf(ExtensionHandshake.UT_METADATA);
    if (id == 0) {
      close("peer offers no ut_metadata (BEP 9) in its extended handshake");
      return;
    }
    if (hs.metadataSize() <= 0) {
      close("peer's extended handshake names no metadata_size");
      return;
    }
    if (hs.metadataSize() > MetadataMessage.MAX_METADATA_SIZE) {
      close("metadata_size " + hs.metadataSize() + " exceeds the limit of " + MetadataMessage.MAX_METADATA_SIZE + " bytes");
      return;
    }
    peerMetadataId = id;
    metadataSize = hs.metadataSize();
    ready = true;
    LOG.debug("{} ({}) offers {} bytes of metadata", address, hs.client(), metadataSize);
    fetch.ready(this);
  }

  private void onMetadata(MetadataMessage m) {
    switch (m.type()) {
      case REQUEST -> {
        if (peerMetadataId != 0) {
          send(new PeerMessage.Extended(peerMetadataId, MetadataMessage.reject(m.piece()).encode()));
        }
      }
      case DATA -> fetch.onData(this, m);
      case REJECT -> fetch.onReject(this, m);
      case OTHER -> { }
    }
  }

  /** Asks the peer for metadata piece {@code piece}. */
  void request(int piece) {
    send(new PeerMessage.Extended(peerMetadataId, MetadataMessage.request(piece).encode()));
  }

  private void send(PeerMessage m) {
    if (!closed) {
      channel.write(PeerWireCodec.encode(m));
    }
  }

  /** Closes the connection, giving the reason to the fetch. */
  void close(String reason) {
    if (closed) {
      return;
    }
    channel.close();
    closed(reason);
  }

  private void closed(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    closeReason = reason;
    LOG.debug("metadata connection to {} closed: {}", address, reason);
    fetch.closed(this);
  }
}
