package io.hopscotch.transfer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.net.NetworkNode;
import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import io.vertx.core.Future;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind {@code NodeOptions.DEFAULT_SWARM_THRESHOLD_BYTES}: time to fetch files of
 * several sizes by the direct transfer and by the swarm, between real nodes (TLS overlay, loopback),
 * with one fetcher and with four fetching at once, medians of three ({@code -Dswarm.rounds}). Both kinds of node run the
 * default transfer {@code auto}; one kind publishes everything directly (threshold above every
 * size), the other everything by swarm (threshold 0), so the fetchers follow each content's own
 * transfer as in normal use. Runs only with {@code -Dswarm.experiment=threshold}.
 */
class ThresholdExperiment {

  @TempDir
  Path dir;

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
  }

  private List<Node> nodes(long threshold, int count) throws Exception {
    Map<Key, Map<Key, Record>> directory = new HashMap<>();
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // generous timeouts: the shared machine runs at a load of 15-20, and a lost probe is not what is measured
      NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0).setSwarmThresholdBytes(threshold)
          .setRequestTimeout(java.time.Duration.ofSeconds(30)).setConnectTimeout(java.time.Duration.ofSeconds(30));
      Node n = NetworkNode.create(o, new SharedDirectoryRouting(directory), Strategies.newTransfer(o));
      await(n.start());
      await(n.join(List.of()));
      out.add(n);
    }
    return out;
  }

  private Path file(long size, long seed) throws Exception {
    Path p = Files.createDirectories(dir.resolve("src")).resolve("f" + seed + ".bin");
    Random r = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(p)) {
      for (long done = 0; done < size; done += buf.length) {
        r.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
    return p;
  }

  /** Seconds from the fetch calls until every fetcher holds the file (checked byte for byte). */
  private double fetch(List<Node> nodes, Path file, int fetchers, String expected, int round, double[] publishSecs) throws Exception {
    long p0 = System.nanoTime();
    ContentInfo info = await(nodes.get(0).publish(file));
    publishSecs[0] = (System.nanoTime() - p0) / 1e9;
    if (!info.transfer().equals(expected)) {
      throw new AssertionError("published by " + info.transfer() + ", expected " + expected);
    }
    long start = System.nanoTime();
    List<Future<Path>> got = new ArrayList<>();
    for (int i = 1; i <= fetchers; i++) {
      got.add(nodes.get(i).fetch(info, dir.resolve(expected + "-" + round + "-" + i)));
    }
    await(Future.all(got));
    double secs = (System.nanoTime() - start) / 1e9;
    for (Future<Path> g : got) {
      if (Files.mismatch(g.result(), file) != -1) {
        throw new AssertionError("fetched file differs");
      }
      Files.delete(g.result());
    }
    return secs;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  @Test
  void directAgainstSwarmBySize() throws Exception {
    assumeTrue("threshold".equals(System.getProperty("swarm.experiment")), "experiment not selected");
    List<Node> direct = nodes(Long.MAX_VALUE, 5);
    List<Node> swarm = nodes(0, 5);
    long[] sizes = {256L << 10, 1L << 20, 4L << 20, 16L << 20, 64L << 20};
    long seed = 0;
    try {
      // one warm-up of each kind, so that the first row does not carry the JIT's start
      fetch(direct, file(4L << 20, --seed), 1, "direct", 0, new double[1]);
      fetch(swarm, file(4L << 20, --seed), 1, "swarm", 0, new double[1]);
      System.out.println("EXP-THRESHOLD size_KiB,fetchers,direct_s,swarm_s,swarm_over_direct,direct_publish_s,swarm_publish_s");
      for (long size : sizes) {
        for (int fetchers : new int[] {1, 4}) {
          int rounds = Integer.getInteger("swarm.rounds", 3);
          double[] d = new double[rounds];
          double[] s = new double[rounds];
          double[] dp = new double[rounds];
          double[] sp = new double[rounds];
          for (int round = 0; round < rounds; round++) {
            double[] pub = new double[1];
            d[round] = fetch(direct, file(size, ++seed), fetchers, "direct", round, pub);
            dp[round] = pub[0];
            s[round] = fetch(swarm, file(size, ++seed), fetchers, "swarm", round, pub);
            sp[round] = pub[0];
          }
          System.out.printf(Locale.ROOT, "EXP-THRESHOLD %d,%d,%.3f,%.3f,%.2f,%.3f,%.3f  direct %s swarm %s load %s%n", size >> 10, fetchers,
              median(d), median(s), median(s) / median(d), median(dp), median(sp), Arrays.toString(d), Arrays.toString(s),
              Files.readString(Path.of("/proc/loadavg")).trim());
        }
      }
    } finally {
      for (Node n : direct) {
        await(n.close());
      }
      for (Node n : swarm) {
        await(n.close());
      }
    }
  }
}
