package io.hopscotch.transfer.swarm.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment 1 on virtual time, where the machine cannot be the limit: one seeder and N leechers on
 * in-memory channels, every peer's upload capped, no download cap. Prints, every few virtual
 * seconds, how much of its upload cap the seeder and the leechers used, how many distinct pieces
 * the seeder has sent and how many bytes it sent more than once; then the distribution time against
 * the bound of Kumar and Ross. Runs only with {@code -Dswarm.experiment=distribution-sim}; sizes
 * from {@code -Dswarm.n}, {@code -Dswarm.pieces}, {@code -Dswarm.pieceLength}, {@code -Dswarm.cap}.
 */
class DistributionSimExperiment {

  @TempDir
  Path dir;

  /** 0 serving requests, 1 a choked peer is interested, 2 an unchoked peer is interested but asks nothing, 3 nobody interested. */
  private static int uploadState(SwarmSession s) {
    boolean chokedWanted = false;
    boolean unchokedIdle = false;
    for (PeerConnection c : s.connections()) {
      if (!c.ready()) {
        continue;
      }
      if (!c.amChoking && c.hasQueuedRequests()) {
        return 0;
      }
      if (c.peerInterested && c.amChoking) {
        chokedWanted = true;
      }
      if (c.peerInterested && !c.amChoking) {
        unchokedIdle = true;
      }
    }
    return chokedWanted ? 1 : unchokedIdle ? 2 : 3;
  }

  @Test
  void distributionOnVirtualTime() throws Exception {
    assumeTrue("distribution-sim".equals(System.getProperty("swarm.experiment")), "experiment not selected");
    int n = Integer.getInteger("swarm.n", 16);
    int pieces = Integer.getInteger("swarm.pieces", 128);
    int pieceLength = Integer.getInteger("swarm.pieceLength", 256 * 1024);
    long cap = Long.getLong("swarm.cap", 512 * 1024);
    int slots = Integer.getInteger("swarm.slots", 4);
    int pipeline = Integer.getInteger("swarm.pipeline", 32);
    int every = Integer.getInteger("swarm.every", 5);
    long size = (long) pieces * pieceLength;
    Path src = Files.createDirectories(dir.resolve("seed")).resolve("f.bin");
    Random r = new Random(5);
    byte[] buf = new byte[pieceLength];
    try (OutputStream out = Files.newOutputStream(src)) {
      for (int i = 0; i < pieces; i++) {
        r.nextBytes(buf);
        out.write(buf);
      }
    }
    Metainfo meta = Metainfo.create(src, pieceLength, List.of());
    ManualLoop loop = new ManualLoop();
    InMemoryWireNetwork net = new InMemoryWireNetwork();
    SwarmConfig capped = new SwarmConfig(slots, pipeline, 50, 60_000, cap);
    List<PeerAddress> all = new ArrayList<>();
    PeerSource tracker = (hash, port, left, event) -> {
      PeerAddress me = new PeerAddress(InMemoryWireNetwork.HOST, port);
      if (!all.contains(me)) {
        all.add(me);
      }
      return io.vertx.core.Future.succeededFuture(List.copyOf(all));
    };
    SwarmEngine seedEngine = new SwarmEngine(net.transport(loop), loop, loop, new Random(0), capped);
    seedEngine.start(InMemoryWireNetwork.HOST, 0);
    var seeding = seedEngine.add(meta, src.getParent(), tracker, true, p -> { });
    loop.runUntil(seeding::isComplete, 60_000);
    SwarmSession seeder = seeding.result();
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SwarmEngine e = new SwarmEngine(net.transport(loop), loop, loop, new Random(i + 1), capped);
      e.start(InMemoryWireNetwork.HOST, 0);
      var added = e.add(meta, dir.resolve("l" + i), tracker, false, p -> { });
      loop.runUntil(added::isComplete, 60_000);
      leechers.add(added.result());
    }
    long start = loop.millis();
    System.out.println("EXP-SIM t_s,seeder_util,leecher_util,seeder_distinct_pieces,seeder_dup_MiB,leechers_done");
    long lastSeed = 0;
    long lastLeech = 0;
    double seederAllOut = -1;
    int t = 0;
    long[] states = new long[4];
    while (!leechers.stream().allMatch(SwarmSession::complete) && t < 100_000) {
      for (int k = 0; k < 10; k++) {
        loop.advance(100);
        for (SwarmSession l : leechers) {
          states[uploadState(l)]++;
        }
      }
      t++;
      int distinct = 0;
      long dup = 0;
      for (int p = 0; p < pieces; p++) {
        long b = seeder.uploadedOfPiece(p);
        distinct += b >= meta.pieceSize(p) ? 1 : 0;
        dup += Math.max(0, b - meta.pieceSize(p));
      }
      if (seederAllOut < 0 && distinct == pieces) {
        seederAllOut = t;
      }
      if (t % every == 0) {
        long up = leechers.stream().mapToLong(SwarmSession::uploaded).sum();
        System.out.printf(Locale.ROOT, "EXP-SIM %d,%.2f,%.2f,%d,%.1f,%d%n", t,
            (seeder.uploaded() - lastSeed) / (double) (cap * every), (up - lastLeech) / (double) (cap * every * n),
            distinct, dup / 1048576.0, leechers.stream().filter(SwarmSession::complete).count());
        System.out.printf(Locale.ROOT, "EXP-STATE %d serving %d, choked-but-wanted %d, unchoked-interested-no-request %d, nobody-interested %d%n",
            t, states[0], states[1], states[2], states[3]);
        java.util.Arrays.fill(states, 0);
        lastSeed = seeder.uploaded();
        lastLeech = up;
      }
    }
    double secs = (loop.millis() - start) / 1000.0;
    double bound = Math.max((double) size / cap, (double) n * size / (cap + (double) n * cap));
    System.out.printf(Locale.ROOT, "EXP-SIM N=%d F=%d MiB cap=%d KiB/s slots=%d pipeline=%d: %.0f s (1 s steps), bound %.1f s, ratio %.2f; "
            + "seeder uploaded %.2f F, every piece out once at %.0f s%n", n, size >> 20, cap >> 10, slots, pipeline, secs, bound,
        secs / bound, seeder.uploaded() / (double) size, seederAllOut);
  }
}
