package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.hopscotch.transfer.swarm.net.PeerWireTransport;
import io.hopscotch.transfer.swarm.net.WireChannel;
import io.hopscotch.transfer.swarm.protocol.ExtensionHandshake;
import io.hopscotch.transfer.swarm.protocol.Handshake;
import io.hopscotch.transfer.swarm.protocol.MetadataMessage;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PeerWireCodec;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads started from a magnet link (info-hash only) over in-memory channels on virtual time: the
 * info dictionary comes from peers (BEP 9 over BEP 10) and is verified against the info-hash; peers
 * that lie about it or break the extension protocol are dropped with a reason and the download goes
 * on with the others.
 */
class MagnetSessionTest {

  @TempDir
  Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final InMemoryWireNetwork network = new InMemoryWireNetwork();
  private final List<PeerAddress> tracker = new ArrayList<>();
  private int engines;
  private Metainfo meta;
  private Path source;

  @BeforeEach
  void content() throws IOException {
    byte[] data = new byte[600_000];
    new Random(12).nextBytes(data);
    source = Files.createDirectories(dir.resolve("seed")).resolve("atlas.tif");
    Files.write(source, data);
    // 256-byte pieces make an info dictionary of about 47 KB: three metadata pieces, the last one short
    meta = Metainfo.create(source, 256, List.of());
    assertThat(MetadataMessage.pieceCount(meta.infoLength())).isEqualTo(3);
  }

  private SwarmEngine engine() {
    SwarmEngine e = new SwarmEngine(network.transport(loop), loop, loop, new Random(++engines), SwarmConfig.DEFAULTS);
    e.start(InMemoryWireNetwork.HOST, 0);
    return e;
  }

  private PeerSource trackerFor() {
    return (hash, port, left, event) -> {
      PeerAddress me = new PeerAddress(InMemoryWireNetwork.HOST, port);
      if (!tracker.contains(me)) {
        tracker.add(me);
      }
      return Future.succeededFuture(List.copyOf(tracker));
    };
  }

  private SwarmEngine seeder() {
    SwarmEngine e = engine();
    e.add(meta, source.getParent(), trackerFor(), true, p -> { });
    return e;
  }

  private PeerAddress at(int port) {
    return new PeerAddress(InMemoryWireNetwork.HOST, port);
  }

  @Test
  void leechersStartedFromAMagnetLinkGetTheMetadataAndEndByteIdentical() throws IOException {
    seeder();
    List<Future<SwarmSession>> leechers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leechers.add(engine().addMagnet(meta.infoHash(), List.of("http://127.0.0.1:1/announce"), dir.resolve("l" + i), trackerFor(),
          p -> { }));
    }
    assertThat(loop.runUntil(() -> leechers.stream().allMatch(f -> f.succeeded() && f.result().complete()), 600_000)).isTrue();
    for (int i = 0; i < 3; i++) {
      SwarmSession s = leechers.get(i).result();
      assertThat(s.meta().infoHash()).isEqualTo(meta.infoHash());
      assertThat(s.meta().trackers()).containsExactly("http://127.0.0.1:1/announce");
      assertThat(Files.mismatch(dir.resolve("l" + i).resolve("atlas.tif"), source)).isEqualTo(-1);
    }
  }

  @Test
  void aLeecherThatGotTheMetadataServesItToTheNext() throws IOException {
    SwarmEngine seeder = seeder();
    Future<SwarmSession> first = engine().addMagnet(meta.infoHash(), List.of(), dir.resolve("a"), trackerFor(), p -> { });
    assertThat(loop.runUntil(() -> first.succeeded() && first.result().complete(), 600_000)).isTrue();
    seeder.close();
    Future<SwarmSession> second = engine().addMagnet(meta.infoHash(), List.of(), dir.resolve("b"), trackerFor(), p -> { });
    assertThat(loop.runUntil(() -> second.succeeded() && second.result().complete(), 600_000)).isTrue();
    assertThat(Files.mismatch(dir.resolve("b").resolve("atlas.tif"), source)).isEqualTo(-1);
  }

  /** Kinds of peer that break the metadata exchange, each with the reason the leecher must give. */
  private static final Map<String, String> BAD = Map.of(
      "no-extensions", "does not speak the extension protocol",
      "garbage-extended-handshake", "malformed extended handshake",
      "huge-metadata-size", "exceeds the limit",
      "no-metadata-size", "names no metadata_size",
      "wrong-metadata", "does not hash to the info-hash",
      "reject", "rejected metadata piece",
      "malformed-metadata", "malformed metadata",
      "short-piece", "expected");

  @Test
  void peersThatBreakTheMetadataExchangeAreDroppedWithAReasonAndTheFetchGoesOn() throws IOException {
    SwarmEngine seeder = seeder();
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      String mode = bad.getKey();
      RawPeer raw = new RawPeer(mode);
      SwarmEngine le = engine();
      AtomicReference<MetadataFetch> fetch = new AtomicReference<>();
      // the bad peer alone first, so that it is the one asked and fails
      Future<SwarmSession> f = le.addMagnet(meta.infoHash(), List.of(), dir.resolve(mode), PeerSource.fixed(List.of(at(raw.port))),
          p -> { });
      fetch.set(le.metadataFetch(meta.infoHash()));
      assertThat(loop.runUntil(() -> raw.closed, 120_000)).as(mode).isTrue();
      assertThat(f.isComplete()).as(mode).isFalse();
      assertThat(String.join("\n", fetch.get().dropReasons())).as(mode).contains(bad.getValue());
      // then an honest seeder: the metadata comes from it, verified (the download itself is tested above)
      fetch.get().addPeers(List.of(at(seeder.port())));
      assertThat(loop.runUntil(f::succeeded, 120_000)).as(mode).isTrue();
      assertThat(f.result().meta().infoBytes()).as(mode).isEqualTo(meta.infoBytes());
      le.close();
    }
  }

  @Test
  void aMalformedMetadataRequestClosesOnlyThatConnectionAtTheSeeder() throws IOException {
    SwarmEngine seeder = seeder();
    PeerWireTransport t = network.transport(loop);
    AtomicReference<Boolean> closed = new AtomicReference<>(false);
    t.connect(InMemoryWireNetwork.HOST, seeder.port()).onSuccess(ch -> {
      ch.closeHandler(() -> closed.set(true));
      ch.handler(data -> { });
      ch.write(new Handshake(meta.infoHash(), "-XX0000-askaskaskask".getBytes(StandardCharsets.US_ASCII), true).encode());
      ch.write(PeerWireCodec.encode(new PeerMessage.Extended(0, new ExtensionHandshake(Map.of("ut_metadata", 7), -1, null).encode())));
      ch.write(PeerWireCodec.encode(new PeerMessage.Extended(ExtensionHandshake.OUR_UT_METADATA_ID,
          "d8:msg_typei0e5:piecei-1ee".getBytes(StandardCharsets.US_ASCII))));
    });
    assertThat(loop.runUntil(closed::get, 60_000)).isTrue();
    Future<SwarmSession> f = engine().addMagnet(meta.infoHash(), List.of(), dir.resolve("after"), trackerFor(), p -> { });
    assertThat(loop.runUntil(() -> f.succeeded() && f.result().complete(), 600_000)).isTrue();
  }

  @Test
  void removingAMagnetBeforeItsMetadataArrivesFailsItWithTheReason() {
    SwarmEngine le = engine();
    Future<SwarmSession> f = le.addMagnet(Key.sha1("nobody has this"), List.of(), dir.resolve("x"), PeerSource.fixed(List.of()),
        p -> { });
    loop.advance(5_000);
    le.remove(Key.sha1("nobody has this"));
    assertThat(f.failed()).isTrue();
    assertThat(f.cause().getMessage()).contains("not obtained").contains("removed");
    assertThat(le.addMagnet(meta.infoHash(), List.of(), dir.resolve("y"), PeerSource.fixed(List.of()), p -> { }).isComplete()).isFalse();
    assertThat(le.addMagnet(meta.infoHash(), List.of(), dir.resolve("y"), PeerSource.fixed(List.of()), p -> { }).cause())
        .hasMessageContaining("already running");
    le.close();
  }

  /** A peer that answers the handshake and then breaks the metadata exchange in one way. */
  private final class RawPeer {
    final PeerWireTransport transport = network.transport(loop);
    final PeerWireCodec codec = new PeerWireCodec(0, true);
    final byte[] id = "-XX0000-liarliarliar".getBytes(StandardCharsets.US_ASCII);
    final String mode;
    int port;
    boolean closed;

    RawPeer(String mode) {
      this.mode = mode;
      transport.listen(InMemoryWireNetwork.HOST, 0, this::onChannel).onSuccess(p -> port = p);
    }

    private void send(WireChannel ch, PeerMessage m) {
      ch.write(PeerWireCodec.encode(m));
    }

    void onChannel(WireChannel ch) {
      ch.closeHandler(() -> closed = true);
      ch.handler(data -> {
        try {
          for (Object o : codec.feed(data)) {
            if (o instanceof Handshake h) {
              ch.write(new Handshake(h.infoHash(), id, !mode.equals("no-extensions")).encode());
              long size = switch (mode) {
                case "huge-metadata-size" -> MetadataMessage.MAX_METADATA_SIZE + 1L;
                case "no-metadata-size" -> -1;
                default -> meta.infoLength();
              };
              byte[] hs = mode.equals("garbage-extended-handshake") ? "d1:mi5ee".getBytes(StandardCharsets.US_ASCII)
                  : new ExtensionHandshake(Map.of("ut_metadata", 9), size, "liar").encode();
              send(ch, new PeerMessage.Extended(0, hs));
            } else if (o instanceof PeerMessage.Extended x && x.extendedId() == 9) {
              MetadataMessage m = MetadataMessage.decode(x.payload());
              int from = m.piece() * MetadataMessage.PIECE;
              int len = MetadataMessage.pieceSize(meta.infoLength(), m.piece());
              byte[] piece = meta.infoSlice(from, from + len);
              byte[] answer = switch (mode) {
                case "wrong-metadata" -> {
                  piece[piece.length / 2] ^= 1;
                  yield new MetadataMessage(MetadataMessage.Type.DATA, m.piece(), meta.infoLength(), piece).encode();
                }
                case "reject" -> MetadataMessage.reject(m.piece()).encode();
                case "malformed-metadata" -> "d8:msg_typei1e5:piecei0ee".getBytes(StandardCharsets.US_ASCII);
                case "short-piece" -> new MetadataMessage(MetadataMessage.Type.DATA, m.piece(), meta.infoLength(),
                    java.util.Arrays.copyOf(piece, piece.length - 1)).encode();
                default -> new MetadataMessage(MetadataMessage.Type.DATA, m.piece(), meta.infoLength(), piece).encode();
              };
              send(ch, new PeerMessage.Extended(ExtensionHandshake.OUR_UT_METADATA_ID, answer));
            }
          }
        } catch (PeerWireCodec.ProtocolException e) {
          ch.close();
        }
      });
    }
  }
}
