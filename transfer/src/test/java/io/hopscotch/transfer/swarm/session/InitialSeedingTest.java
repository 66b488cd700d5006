package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Initial seeding ({@link SeedingOffers}): each offer is a piece the peer lacks with the fewest uploads
 * plus outstanding offers, never more than the limit per peer; and a whole swarm seeded that way on
 * virtual time ends byte-identical with the seeder sending no piece twice before every piece is out.
 */
class InitialSeedingTest {

  @TempDir
  Path dir;

  @Test
  void everyOfferIsALeastUploadedAndLeastOfferedPieceThePeerLacks() {
    qt().withExamples(200).forAll(longs().all(), integers().between(1, 40), integers().between(1, 6), integers().between(1, 4))
        .checkAssert((seed, pieces, peers, perPeer) -> {
          Random r = new Random(seed);
          long[] uploads = new long[pieces];
          for (int p = 0; p < pieces; p++) {
            uploads[p] = r.nextInt(3);
          }
          SeedingOffers<Integer> offers = new SeedingOffers<>(pieces, p -> uploads[p], r, perPeer);
          List<Bitfield> has = new ArrayList<>();
          for (int i = 0; i < peers; i++) {
            Bitfield b = new Bitfield(pieces);
            for (int p = 0; p < pieces; p++) {
              if (r.nextInt(4) == 0) {
                b.set(p);
              }
            }
            has.add(b);
          }
          for (int step = 0; step < 30; step++) {
            int peer = r.nextInt(peers);
            Bitfield mine = has.get(peer);
            if (r.nextBoolean() && !offers.offeredTo(peer).isEmpty()) {
              // the peer got one of its offered pieces
              int got = offers.offeredTo(peer).iterator().next();
              mine.set(got);
              uploads[got]++;
              assertThat(offers.settled(peer, got)).isTrue();
            }
            Set<Integer> before = offers.offeredTo(peer);
            for (int p : offers.offer(peer, mine)) {
              assertThat(mine.get(p)).isFalse();
              assertThat(before).doesNotContain(p);
              long score = uploads[p] + offers.outstanding(p) - 1;
              for (int q = 0; q < pieces; q++) {
                if (!mine.get(q) && !offers.offeredTo(peer).contains(q)) {
                  assertThat(score).as("piece %d offered while %d scores lower", p, q)
                      .isLessThanOrEqualTo(uploads[q] + offers.outstanding(q));
                }
              }
            }
            assertThat(offers.offeredTo(peer).size()).isLessThanOrEqualTo(perPeer);
          }
          for (int i = 0; i < peers; i++) {
            offers.forget(i);
          }
          for (int p = 0; p < pieces; p++) {
            assertThat(offers.outstanding(p)).isZero();
          }
        });
  }

  @Test
  void aSwarmSeededByOffersEndsByteIdenticalAndNoPieceLeavesTheSeederTwiceBeforeAllAreOut() throws Exception {
    int piece = 32 * 1024;
    byte[] data = new byte[64 * piece + 99];
    new Random(5).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("seed")).resolve("set.bin");
    Files.write(source, data);
    Metainfo meta = Metainfo.create(source, piece, List.of());
    ManualLoop loop = new ManualLoop();
    InMemoryWireNetwork network = new InMemoryWireNetwork();
    List<PeerAddress> tracker = new ArrayList<>();
    // capped uploads, so that leechers really share and the seeder's first pass takes a while
    SwarmConfig capped = new SwarmConfig(4, 16, 50, 60_000, 256 * 1024);
    List<SwarmEngine> engines = new ArrayList<>();
    List<SwarmSession> leechers = new ArrayList<>();
    SwarmSession seeder = null;
    for (int i = 0; i <= 5; i++) {
      SwarmEngine e = new SwarmEngine(network.transport(loop), loop, loop, new Random(i), capped.withInitialSeeding(i == 0));
      e.start(InMemoryWireNetwork.HOST, 0);
      engines.add(e);
      PeerSource peers = (hash, port, left, event) -> {
        PeerAddress me = new PeerAddress(InMemoryWireNetwork.HOST, port);
        if (!tracker.contains(me)) {
          tracker.add(me);
        }
        return io.vertx.core.Future.succeededFuture(List.copyOf(tracker));
      };
      if (i == 0) {
        seeder = e.add(meta, source.getParent(), peers, true, p -> { }).result();
      } else {
        leechers.add(e.add(meta, dir.resolve("l" + i), peers, false, p -> { }).result());
      }
    }
    assertThat(loop.runUntil(() -> leechers.stream().allMatch(SwarmSession::complete), 600_000)).isTrue();
    for (int i = 1; i <= 5; i++) {
      assertThat(Files.mismatch(dir.resolve("l" + i).resolve("set.bin"), source)).isEqualTo(-1);
    }
    assertThat(seeder.uploadedWhenEveryPieceWasOut()).isEqualTo(meta.totalLength());
    engines.forEach(SwarmEngine::close);
  }
}
