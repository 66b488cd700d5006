package io.hopscotch.transfer.swarm.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The experiments of docs/experiments/swarm.md; they run only with {@code -Dswarm.experiment=NAME}
 * (e.g. {@code mvn -pl transfer -am test -Dtest=SwarmExperiments -Dswarm.experiment=throughput}).
 */
class SwarmExperiments {

  private static final String WHICH = System.getProperty("swarm.experiment", "");

  static Path content(Path dir, long size) throws IOException {
    Path f = Files.createDirectories(dir).resolve("content.bin");
    if (Files.exists(f) && Files.size(f) == size) {
      return f;
    }
    Random r = new Random(1);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long done = 0; done < size; done += buf.length) {
        r.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
    return f;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(7200, TimeUnit.SECONDS);
  }

  /** Seconds for one seeder to give the file to n leechers, each peer uploading at most {@code cap} bytes/s (0: no cap). */
  static double distribute(Path work, Path file, int n, long cap, boolean swarm) throws Exception {
    return distribute(work, file, n, cap, swarm, new double[1]);
  }

  /** As above; {@code seederUploaded[0]} receives the bytes the seeder uploaded. */
  static double distribute(Path work, Path file, int n, long cap, boolean swarm, double[] seederUploaded) throws Exception {
    return distribute(work, file, n, cap, swarm, false, seederUploaded);
  }

  /**
   * As above, the seeder with or without initial seeding; {@code seederUploaded[1]} receives the bytes
   * it had uploaded when every piece had gone out once (-1 if that never happened).
   */
  static double distribute(Path work, Path file, int n, long cap, boolean swarm, boolean initialSeeding, double[] seederUploaded)
      throws Exception {
    Metainfo meta = Metainfo.create(file, Metainfo.DEFAULT_PIECE_LENGTH, List.of());
    Vertx vertx = Vertx.vertx();
    try {
      SwarmConfig config = new SwarmConfig(swarm ? 4 : Math.max(4, n), 32, 50, 60_000, cap);
      StandalonePeer seeder = await(StandalonePeer.start(vertx, "127.0.0.1", 0, config.withInitialSeeding(initialSeeding)));
      SwarmSession seed = await(seeder.add(meta, file.getParent(), true, List.of(), p -> { }));
      List<StandalonePeer> peers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        peers.add(await(StandalonePeer.start(vertx, "127.0.0.1", 0, config)));
      }
      long start = System.nanoTime();
      List<Future<Void>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<PeerAddress> known = new ArrayList<>();
        known.add(new PeerAddress("127.0.0.1", seeder.port()));
        if (swarm) {
          for (int j = 0; j < i; j++) {
            known.add(new PeerAddress("127.0.0.1", peers.get(j).port()));
          }
        }
        Path target = work.resolve("l" + i);
        deleteTree(target);
        StandalonePeer p = peers.get(i);
        SwarmSession s = await(p.add(meta, target, false, known, x -> { }));
        done.add(p.on(s::completion));
      }
      await(Future.all(done));
      double secs = (System.nanoTime() - start) / 1e9;
      seederUploaded[0] = await(seeder.on(() -> Future.succeededFuture(seed.uploaded())));
      if (seederUploaded.length > 1) {
        seederUploaded[1] = await(seeder.on(() -> Future.succeededFuture(seed.uploadedWhenEveryPieceWasOut())));
      }
      for (int i = 0; i < n; i++) {
        if (Files.mismatch(work.resolve("l" + i).resolve(meta.name()), file) != -1) {
          throw new AssertionError("leecher " + i + " differs");
        }
      }
      return secs;
    } finally {
      await(vertx.close());
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
  }

  @Test
  void throughput() throws Exception {
    assumeTrue(WHICH.equals("throughput"), "experiment not selected");
    long size = Long.getLong("swarm.size", 64L << 20);
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "swarm-exp");
    Path file = content(work.resolve("src"), size);
    for (int i = 0; i < 3; i++) {
      double s = distribute(work, file, 1, 0, true);
      System.out.printf(Locale.ROOT, "EXP throughput hopscotch->hopscotch %d MiB: %.2f s, %.1f MiB/s%n", size >> 20, s, (size / 1048576.0) / s);
    }
  }

  @Test
  void distribution() throws Exception {
    assumeTrue(WHICH.equals("distribution"), "experiment not selected");
    long size = Long.getLong("swarm.size", 256L << 20);
    long cap = Long.getLong("swarm.cap", 8L << 20);
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "swarm-exp");
    Path file = content(work.resolve("src"), size);
    String mode = System.getProperty("swarm.mode", "both");
    Path log = work.resolve("distribution.log");
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (String ns : System.getProperty("swarm.ns", "1,2,4,8,16").split(",")) {
      int n = Integer.parseInt(ns.trim());
      // every peer uploads at most cap; downloads are not capped, so d_min is not the limit
      double bound = Math.max((double) size / cap, (double) n * size / (cap + (double) n * cap));
      for (boolean swarm : mode.equals("both") ? new boolean[] {true, false} : new boolean[] {mode.equals("swarm")}) {
        // swarm.seeding: "advertise" (every piece in the bitfield), "offers" (initial seeding) or both, in that order
        String seeding = System.getProperty("swarm.seeding", "advertise");
        for (String how : seeding.equals("both") ? new String[] {"advertise", "offers"} : new String[] {seeding}) {
          double[] seedUp = new double[2];
          long cpu0 = os.getProcessCpuTime();
          double secs = distribute(work, file, n, cap, swarm, how.equals("offers"), seedUp);
          double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
          String line = String.format(Locale.ROOT, "EXP distribution F=%d MiB cap=%d KiB/s N=%d %s seeding=%s %.1f s, bound %.1f s, "
                  + "ratio %.2f, seeder uploaded %.3f F (%.3f F when every piece was out), JVM CPU %.0f s (%.0f%% of one core), load %s%n",
              size >> 20, cap >> 10, n, swarm ? "swarm" : "client-server", how, secs, bound, secs / bound, seedUp[0] / size,
              seedUp[1] / size, cpu, 100 * cpu / secs, Files.readString(Path.of("/proc/loadavg")).trim());
          System.out.print(line);
          Files.writeString(log, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
      }
    }
  }

  @Test
  void versusAria2() throws Exception {
    assumeTrue(WHICH.equals("aria2"), "experiment not selected");
    long size = Long.getLong("swarm.size", 64L << 20);
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "swarm-exp");
    Path file = content(work.resolve("src"), size);
    Vertx vertx = Vertx.vertx();
    try {
      HttpTrackerServer tracker = await(HttpTrackerServer.start(vertx, "127.0.0.1", 0, io.hopscotch.core.spi.Clock.system()));
      Metainfo meta = Metainfo.create(file, Metainfo.DEFAULT_PIECE_LENGTH, List.of(tracker.announceUrl()));
      Path torrent = work.resolve("content.torrent");
      meta.write(torrent);
      for (int round = 0; round < 3; round++) {
        double ours = distribute(work, file, 1, 0, true);
        Process seed = aria2(torrent, file.getParent(), true, work.resolve("seed.log"));
        Path out = work.resolve("aria2-out");
        deleteTree(out);
        Files.createDirectories(out);
        Thread.sleep(3000); // let the seeder check its file and announce
        long start = System.nanoTime();
        Process leech = aria2(torrent, out, false, work.resolve("leech.log"));
        leech.waitFor(600, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - start) / 1e9;
        seed.destroy();
        seed.waitFor(10, TimeUnit.SECONDS);
        String avg = Files.readAllLines(work.resolve("leech.log")).stream().filter(l -> l.contains("|OK")).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "EXP aria2 round %d: hopscotch %.2f s (%.1f MiB/s); aria2 wall %.2f s incl. start-up, result line: %s%n",
            round, ours, size / 1048576.0 / ours, wall, avg.trim());
      }
    } finally {
      await(vertx.close());
    }
  }

  private static Process aria2(Path torrent, Path dir, boolean seed, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("aria2c", "--dir=" + dir, "--enable-dht=false", "--enable-dht6=false",
        "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--interface=127.0.0.1", "--disable-ipv6=true",
        "--check-integrity=" + seed, "--allow-overwrite=true", "--auto-file-renaming=false", "--file-allocation=none",
        "--summary-interval=0", "--console-log-level=warn", "--bt-tracker-interval=1",
        "--listen-port=" + (seed ? 16881 : 16882)));
    cmd.addAll(seed ? List.of("--seed-time=60", "--seed-ratio=0.0") : List.of("--seed-time=0"));
    cmd.add(torrent.toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
