package io.hopscotch.transfer.swarm.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment 3 of docs/experiments/swarm.md: how evenly pieces spread while one seeder feeds eight
 * leechers, every peer's upload capped, on virtual time. Prints one CSV row per virtual second:
 * time, the fewest and the most copies of any piece among the leechers, and pieces still held by no
 * leecher. Runs only with {@code -Dswarm.experiment=availability}.
 */
class AvailabilityExperiment {

  @TempDir
  Path dir;

  @Test
  void availabilitySpread() throws Exception {
    assumeTrue("availability".equals(System.getProperty("swarm.experiment")), "experiment not selected");
    int pieceLength = 32 * 1024;
    byte[] data = new byte[128 * pieceLength];
    new Random(5).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("seed")).resolve("f.bin");
    Files.write(src, data);
    Metainfo meta = Metainfo.create(src, pieceLength, List.of());
    ManualLoop loop = new ManualLoop();
    InMemoryWireNetwork net = new InMemoryWireNetwork();
    SwarmConfig capped = new SwarmConfig(4, 16, 50, 60_000, 256 * 1024);
    List<PeerAddress> all = new ArrayList<>();
    PeerSource tracker = (hash, port, left, event) -> {
      PeerAddress me = new PeerAddress(InMemoryWireNetwork.HOST, port);
      if (!all.contains(me)) {
        all.add(me);
      }
      return io.vertx.core.Future.succeededFuture(List.copyOf(all));
    };
    SwarmEngine seeder = new SwarmEngine(net.transport(loop), loop, loop, new Random(0), capped);
    seeder.start(InMemoryWireNetwork.HOST, 0);
    seeder.add(meta, src.getParent(), tracker, true, p -> { });
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      SwarmEngine e = new SwarmEngine(net.transport(loop), loop, loop, new Random(i + 1), capped);
      e.start(InMemoryWireNetwork.HOST, 0);
      leechers.add(e.add(meta, dir.resolve("l" + i), tracker, false, p -> { }).result());
    }
    System.out.println("EXP-CSV t_s,min_copies,max_copies,pieces_missing_everywhere,pieces_done_total");
    for (int t = 0; t < 600 && !leechers.stream().allMatch(SwarmSession::complete); t++) {
      loop.advance(1000);
      int min = Integer.MAX_VALUE;
      int max = 0;
      int none = 0;
      int total = 0;
      for (int p = 0; p < meta.pieceCount(); p++) {
        int c = 0;
        for (SwarmSession s : leechers) {
          Bitfield h = s.have();
          c += h.get(p) ? 1 : 0;
        }
        min = Math.min(min, c);
        max = Math.max(max, c);
        none += c == 0 ? 1 : 0;
        total += c;
      }
      System.out.printf(Locale.ROOT, "EXP-CSV %d,%d,%d,%d,%d%n", t + 1, min, max, none, total);
    }
  }
}
