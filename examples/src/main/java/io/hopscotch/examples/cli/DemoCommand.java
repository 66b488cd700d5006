package io.hopscotch.examples.cli;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Histogram;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Stats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts a cluster over real loopback TLS in this process, puts keys and reads them back from other nodes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start N nodes over loopback TLS in one process, put K keys from random nodes, get each from another random node.")
final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--routing", description = "Routing strategy (default: the most capable one built).")
  String routing;

  @Option(names = "--nodes", defaultValue = "16", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--keys", defaultValue = "1000", description = "Number of keys (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--settle-ms", defaultValue = "10000",
      description = "Time the overlay gets after the joins, before the first put, to finish its maintenance rounds (default: ${DEFAULT-VALUE}).")
  long settleMillis;

  @Option(names = "--json", description = "Print one JSON object as the last line.")
  boolean json;

  /**
   * A uniformly random index in {@code 0..size-1} other than {@code excluded}; {@code excluded} itself
   * only if it is the sole index.
   */
  static int otherThan(Random random, int size, int excluded) {
    if (size == 1) {
      return 0;
    }
    // Drawing from the size-1 others and skipping over the excluded one keeps the choice uniform in one draw.
    int i = random.nextInt(size - 1);
    return i >= excluded ? i + 1 : i;
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (routing == null) {
      routing = HopscotchCli.defaultRouting();
    }
    HopscotchCli.checkRouting(cmd, routing);
    if (nodes < 2) {
      throw new CommandLine.ParameterException(cmd, "--nodes must be at least 2, got " + nodes);
    }
    if (settleMillis < 0) {
      throw new CommandLine.ParameterException(cmd, "--settle-ms must not be negative, got " + settleMillis);
    }
    if (keys < 1) {
      throw new CommandLine.ParameterException(cmd, "--keys must be at least 1, got " + keys);
    }
    PrintWriter out = cmd.getOut();
    ClusterPlan plan = new ClusterPlan(routing);
    if (nodes <= plan.firstDataNode()) {
      throw new CommandLine.ParameterException(cmd, "--nodes must exceed " + plan.firstDataNode() + " for routing " + routing);
    }
    Random random = new Random(seed);
    Vertx vertx = Vertx.vertx();
    List<Node> cluster = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < nodes; i++) {
        NodeOptions o = plan.options(i).setVertx(vertx).setSeed(seed * 7919 + i);
        Node n = Node.create(o);
        await(n.start());
        await(n.join(i == 0 ? List.of() : List.of(cluster.get(0).self().address())));
        cluster.add(n);
      }
      double joinMs = (System.nanoTime() - t0) / 1e6;
      out.printf("started %d %s nodes over loopback TLS in %.0f ms (%.1f ms per node)%n", nodes, routing, joinMs, joinMs / nodes);
      out.flush();
      if (settleMillis > 0) {
        // Structured overlays converge in periodic rounds after a burst of joins; let them.
        Thread.sleep(settleMillis);
      }

      List<Node> data = cluster.subList(plan.firstDataNode(), cluster.size());
      if (data.size() == 1) {
        out.println("only one node holds data for routing " + routing + ": it reads back its own keys");
      }
      // Which data node put each key, so the get is made by another one: a read must cross the overlay.
      int[] putter = new int[keys];
      int putsOk = 0;
      long p0 = System.nanoTime();
      for (int k = 0; k < keys; k++) {
        putter[k] = random.nextInt(data.size());
        Node n = data.get(putter[k]);
        try {
          await(n.put("demo-key-" + k, ("value-" + k).getBytes(StandardCharsets.UTF_8)));
          putsOk++;
        } catch (Exception e) {
          out.println("put demo-key-" + k + " failed: " + e.getMessage());
        }
      }
      double putMs = (System.nanoTime() - p0) / 1e6;
      int getsOk = 0;
      int getsFailed = 0;
      Histogram latency = new Histogram();
      Histogram hops = new Histogram();
      // The slowest gets, kept to show where the tail goes (hops, the get's place in the run).
      Stats beforeGets = new Stats();
      cluster.forEach(n -> beforeGets.merge(n.stats()));
      java.util.PriorityQueue<long[]> slowest = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
      int getsFromPutter = 0;
      long g0 = System.nanoTime();
      for (int k = 0; k < keys; k++) {
        int reader = otherThan(random, data.size(), putter[k]);
        if (reader == putter[k]) {
          getsFromPutter++;
        }
        Node n = data.get(reader);
        long s = System.nanoTime();
        try {
          GetResult r = await(n.get("demo-key-" + k));
          long took = System.nanoTime() - s;
          latency.record(took);
          slowest.add(new long[] {took, r.hops(), k});
          if (slowest.size() > SLOWEST) {
            slowest.poll();
          }
          if (r.valueAsString().filter(("value-" + k)::equals).isPresent()) {
            getsOk++;
            hops.record(r.hops());
          } else {
            getsFailed++;
          }
        } catch (Exception e) {
          getsFailed++;
        }
      }
      double getMs = (System.nanoTime() - g0) / 1e6;
      Stats total = new Stats();
      cluster.forEach(n -> total.merge(n.stats()));
      out.printf("put %d/%d keys in %.0f ms; got %d/%d back from other nodes in %.0f ms%n", putsOk, keys, putMs, getsOk, keys, getMs);
      out.printf("get latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms; hops: mean %.2f, max %d%n",
          latency.quantile(0.5) / 1e6, latency.quantile(0.99) / 1e6, latency.max() / 1e6, hops.mean(), hops.max());
      out.printf("traffic: %d messages, %d bytes (%.1f messages per operation)%n",
          total.messagesSent(), total.bytesSent(), total.messagesSent() / (double) (2 * keys));
      if (json) {
        JsonObject j = new JsonObject()
            .put("routing", routing).put("nodes", nodes).put("keys", keys)
            .put("puts_ok", putsOk).put("gets_ok", getsOk).put("gets_failed", getsFailed)
            .put("gets_from_putter", getsFromPutter)
            .put("mean_hops", hops.mean())
            .put("p50_latency_ms", latency.quantile(0.5) / 1e6)
            .put("p99_latency_ms", latency.quantile(0.99) / 1e6)
            .put("join_ms_per_node", joinMs / nodes)
            .put("messages", total.messagesSent()).put("bytes", total.bytesSent())
            .put("counters", new JsonObject(new java.util.HashMap<>(total.counters())))
            .put("connections_opened_during_gets", total.counters().getOrDefault("net.connections.opened", 0L)
                - beforeGets.counters().getOrDefault("net.connections.opened", 0L));
        io.vertx.core.json.JsonArray slow = new io.vertx.core.json.JsonArray();
        slowest.stream().sorted((a, b) -> Long.compare(b[0], a[0]))
            .forEach(x -> slow.add(new JsonObject().put("ms", x[0] / 1e6).put("hops", x[1]).put("get_index", x[2])));
        j.put("slowest_gets", slow);
        out.println(j.encode());
      }
      out.flush();
      return getsFailed == 0 && putsOk == keys ? 0 : 1;
    } finally {
      // Clients first, infrastructure (an index server) last, so nobody fails over while shutting down.
      for (int i = cluster.size() - 1; i >= 0; i--) {
        Node n = cluster.get(i);
        try {
          n.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // closing the rest matters more
        }
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** How many of the slowest gets the JSON lists. */
  private static final int SLOWEST = 12;

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
