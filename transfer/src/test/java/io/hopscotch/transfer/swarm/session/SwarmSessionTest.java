package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.hopscotch.transfer.swarm.net.PeerWireTransport;
import io.hopscotch.transfer.swarm.net.WireChannel;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import io.hopscotch.transfer.swarm.protocol.Handshake;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PeerWireCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole swarms in one process over in-memory channels on virtual time: one seeder and several
 * leechers, a late joiner, a seeder that leaves halfway, and peers that send bad data or break the
 * protocol.
 */
class SwarmSessionTest {

  private static final int PIECE = 32 * 1024;
  @TempDir
  Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final InMemoryWireNetwork network = new InMemoryWireNetwork();
  private final List<SwarmEngine> engines = new ArrayList<>();
  private final List<PeerAddress> tracker = new ArrayList<>();
  private Metainfo meta;
  private Path source;

  @BeforeEach
  void content() throws IOException {
    byte[] data = new byte[40 * PIECE + 1234];
    new Random(11).nextBytes(data);
    source = Files.createDirectories(dir.resolve("seed")).resolve("film.mkv");
    Files.write(source, data);
    meta = Metainfo.create(source, PIECE, List.of());
  }

  private SwarmEngine engine() {
    SwarmEngine e = new SwarmEngine(network.transport(loop), loop, loop, new Random(engines.size()), SwarmConfig.DEFAULTS);
    e.start(InMemoryWireNetwork.HOST, 0);
    engines.add(e);
    return e;
  }

  /** A peer source that behaves as a tracker: every announcer is remembered and all are returned. */
  private PeerSource trackerFor(SwarmEngine e) {
    return (hash, port, left, event) -> {
      PeerAddress me = new PeerAddress(InMemoryWireNetwork.HOST, port);
      if (!tracker.contains(me)) {
        tracker.add(me);
      }
      return io.vertx.core.Future.succeededFuture(List.copyOf(tracker));
    };
  }

  private SwarmSession seed(SwarmEngine e) {
    return e.add(meta, source.getParent(), trackerFor(e), true, p -> { }).result();
  }

  private SwarmSession leech(SwarmEngine e, String name) {
    return e.add(meta, dir.resolve(name), trackerFor(e), false, p -> { }).result();
  }

  private boolean allComplete(List<SwarmSession> sessions) {
    return sessions.stream().allMatch(SwarmSession::complete);
  }

  @Test
  void oneSeederFourLeechersEndByteIdentical() throws IOException {
    SwarmSession seeder = seed(engine());
    assertThat(seeder.complete()).isTrue();
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      leechers.add(leech(engine(), "l" + i));
    }
    assertThat(loop.runUntil(() -> allComplete(leechers), 600_000)).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(Files.mismatch(dir.resolve("l" + i).resolve("film.mkv"), source)).isEqualTo(-1);
      assertThat(leechers.get(i).completion().succeeded()).isTrue();
      assertThat(leechers.get(i).hashFailures()).isZero();
    }
    // leechers upload to each other, not only the seeder
    assertThat(leechers.stream().mapToLong(SwarmSession::uploaded).sum()).isPositive();
    engines.forEach(SwarmEngine::close);
  }

  @Test
  void aLateJoinerAndASeederLeavingHalfwayBothWork() throws IOException {
    SwarmSession seederA = seed(engine());
    SwarmEngine engineB = engine();
    seed(engineB);
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leechers.add(leech(engine(), "l" + i));
    }
    loop.runUntil(() -> leechers.get(0).have().cardinality() >= meta.pieceCount() / 2, 600_000);
    assertThat(leechers.get(0).complete()).isFalse();
    seederA.stop();
    SwarmSession late = leech(engine(), "late");
    List<SwarmSession> all = new ArrayList<>(leechers);
    all.add(late);
    assertThat(loop.runUntil(() -> allComplete(all), 600_000)).isTrue();
    for (String n : List.of("l0", "l1", "l2", "late")) {
      assertThat(Files.mismatch(dir.resolve(n).resolve("film.mkv"), source)).isEqualTo(-1);
    }
    engines.forEach(SwarmEngine::close);
  }

  @Test
  void aDownloadThatFoundNoPeerAsksAgainWithinSecondsNotAWholePeriod() throws IOException {
    // the leecher announces first and hears of nobody; the seeder announces a second later
    SwarmSession l = leech(engine(), "early");
    loop.advance(1_000);
    seed(engine());
    // its next regular announce is a whole period away (60 s); the retry after 5 s finds the seeder
    assertThat(loop.runUntil(l::complete, SwarmConfig.DEFAULTS.announceMillis() / 2)).isTrue();
    assertThat(Files.mismatch(dir.resolve("early").resolve("film.mkv"), source)).isEqualTo(-1);
  }

  @Test
  void aRestartedDownloadResumesFromWhatIsOnDisk() throws IOException {
    seed(engine());
    SwarmEngine le = engine();
    SwarmSession l = leech(le, "l");
    loop.runUntil(() -> l.have().cardinality() >= 10, 600_000);
    int had = l.have().cardinality();
    le.remove(meta.infoHash());
    assertThat(l.completion().failed()).isTrue();
    SwarmSession again = leech(le, "l");
    assertThat(again.have().cardinality()).isGreaterThanOrEqualTo(had);
    assertThat(loop.runUntil(again::complete, 600_000)).isTrue();
    assertThat(Files.mismatch(dir.resolve("l").resolve("film.mkv"), source)).isEqualTo(-1);
  }

  /** A raw peer that claims every piece and answers requests with garbage, or breaks the protocol. */
  private final class RawPeer {
    final PeerWireTransport transport = network.transport(loop);
    final PeerWireCodec codec = new PeerWireCodec(meta.pieceCount(), true);
    final byte[] id = "-XX0000-badbadbadbad".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    final String mode;
    int port;
    boolean closed;
    int servedGarbage;

    RawPeer(String mode) {
      this.mode = mode;
      transport.listen(InMemoryWireNetwork.HOST, 0, this::onChannel).onSuccess(p -> port = p);
    }

    void onChannel(WireChannel ch) {
      ch.closeHandler(() -> closed = true);
      ch.handler(data -> {
        try {
          for (Object o : codec.feed(data)) {
            if (o instanceof Handshake h) {
              ch.write(new Handshake(mode.equals("wrong-hash") ? io.hopscotch.core.Key.sha1("other") : h.infoHash(), id).encode());
              byte[] bits = Bitfield.full(meta.pieceCount()).toBytes();
              if (mode.equals("lying-bitfield")) {
                bits[bits.length - 1] = (byte) 0xff;
              }
              ch.write(PeerWireCodec.encode(new PeerMessage.BitfieldMessage(bits)));
              ch.write(PeerWireCodec.encode(PeerMessage.UNCHOKE));
              if (mode.equals("bad-request")) {
                ch.write(PeerWireCodec.encode(new PeerMessage.Request(meta.pieceCount() + 5, 0, 16384)));
              } else if (mode.equals("oversized-request")) {
                ch.write(PeerWireCodec.encode(new PeerMessage.Request(0, 0, 1 << 20)));
              }
            } else if (o instanceof PeerMessage.Request r && mode.equals("garbage")) {
              byte[] junk = new byte[r.length()];
              new Random(r.piece() * 31L + r.begin()).nextBytes(junk);
              servedGarbage++;
              ch.write(PeerWireCodec.encode(new PeerMessage.Piece(r.piece(), r.begin(), junk)));
            }
          }
        } catch (PeerWireCodec.ProtocolException e) {
          ch.close();
        }
      });
    }
  }

  @Test
  void aPeerSendingBadDataIsBannedAndThePiecesAreFetchedAgain() throws IOException {
    RawPeer bad = new RawPeer("garbage");
    SwarmEngine le = engine();
    SwarmSession l = le.add(meta, dir.resolve("l"), PeerSource.fixed(List.of(new PeerAddress(InMemoryWireNetwork.HOST, bad.port))),
        false, p -> { }).result();
    loop.runUntil(() -> bad.closed, 60_000);
    assertThat(bad.servedGarbage).isPositive();
    assertThat(l.hashFailures()).isPositive();
    assertThat(l.banned()).isNotEmpty();
    assertThat(l.have().cardinality()).isZero();
    // now a real seeder appears; the corrupted pieces are fetched again and verified
    SwarmEngine se = engine();
    seed(se);
    l.addPeers(List.of(new PeerAddress(InMemoryWireNetwork.HOST, se.port())));
    assertThat(loop.runUntil(l::complete, 600_000)).isTrue();
    assertThat(Files.mismatch(dir.resolve("l").resolve("film.mkv"), source)).isEqualTo(-1);
  }

  @Test
  void protocolViolationsCloseOnlyThatConnection() throws IOException {
    SwarmEngine se = engine();
    seed(se);
    for (String mode : List.of("lying-bitfield", "bad-request", "oversized-request", "wrong-hash")) {
      RawPeer bad = new RawPeer(mode);
      SwarmEngine le = engine();
      SwarmSession l = le.add(meta, dir.resolve("l-" + mode), PeerSource.fixed(List.of(
          new PeerAddress(InMemoryWireNetwork.HOST, bad.port), new PeerAddress(InMemoryWireNetwork.HOST, se.port()))), false, p -> { })
          .result();
      assertThat(loop.runUntil(() -> bad.closed && l.complete(), 600_000)).as(mode).isTrue();
      assertThat(Files.mismatch(dir.resolve("l-" + mode).resolve("film.mkv"), source)).as(mode).isEqualTo(-1);
    }
  }
}
