package io.hopscotch.examples.cli;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Histogram;
import io.hopscotch.core.Stats;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a strategy on the deterministic simulator and reports what the papers report. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a routing strategy on the deterministic simulator: lookups, hops, state, traffic by type.")
final class SimulateCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--routing", required = true, description = "Routing strategy.")
  String routing;

  @Option(names = "--nodes", required = true, description = "Number of nodes.")
  int nodes;

  @Option(names = "--keys", defaultValue = "1000", description = "Keys stored before the lookups (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--lookups", defaultValue = "1000", description = "Number of lookups (default: ${DEFAULT-VALUE}).")
  int lookups;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--fail-fraction", defaultValue = "0", description = "Fraction of nodes that crash before the lookups (default: ${DEFAULT-VALUE}).")
  double failFraction;

  @Option(names = "--settle-ms", defaultValue = "30000", description = "Virtual time for maintenance after joins and after failures (default: ${DEFAULT-VALUE}).")
  long settleMillis;

  @Option(names = "--latency-ms", defaultValue = "100", description = "Largest one-way latency of the coordinate model (default: ${DEFAULT-VALUE}).")
  double latencyMillis;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--routing-option", paramLabel = "NAME=VALUE",
      description = "A routing option for every node, on top of the strategy's cluster options (repeatable).")
  Map<String, String> routingOptions = new java.util.LinkedHashMap<>();

  @Option(names = "--join-batch", defaultValue = "1",
      description = "Nodes that join at the same time, each through node 0 (default: ${DEFAULT-VALUE}).")
  int joinBatch;

  @Option(names = "--fail-settle-ms", defaultValue = "-1",
      description = "Virtual time between the crashes and the lookups (default: --settle-ms).")
  long failSettleMillis;

  @Option(names = "--measure-ms", defaultValue = "0",
      description = "Virtual time, after the puts, over which maintenance traffic per node per second is measured (default: ${DEFAULT-VALUE}).")
  long measureMillis;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    HopscotchCli.checkRouting(cmd, routing);
    ClusterPlan plan = new ClusterPlan(routing);
    if (nodes <= plan.firstDataNode()) {
      throw new CommandLine.ParameterException(cmd, "--nodes must exceed " + plan.firstDataNode() + " for routing " + routing);
    }
    if (failFraction < 0 || failFraction >= 1) {
      throw new CommandLine.ParameterException(cmd, "--fail-fraction must be in [0, 1), got " + failFraction);
    }
    if (keys < 1 || lookups < 0 || settleMillis < 0 || measureMillis < 0 || joinBatch < 1) {
      throw new CommandLine.ParameterException(cmd, "--keys and --join-batch must be positive and --lookups, --settle-ms, --measure-ms non-negative");
    }
    long afterFailMillis = failSettleMillis < 0 ? settleMillis : failSettleMillis;
    PrintWriter out = cmd.getOut();
    long wall0 = System.nanoTime();
    Random random = new Random(seed);
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, latencyMillis)).build()) {
      List<SimNode> all = new ArrayList<>(nodes);
      for (int i = 0; i < nodes; ) {
        // Node 0 (and the infrastructure) join alone; the others in batches, all through node 0.
        int batch = i <= plan.firstDataNode() ? 1 : Math.min(joinBatch, nodes - i);
        List<io.vertx.core.Future<Void>> joins = new ArrayList<>();
        for (int b = 0; b < batch; b++, i++) {
          io.hopscotch.core.NodeOptions o = plan.options(i);
          SimNode n = sim.addNode(o.setRoutingOptions(withExtra(o.getRoutingOptions())));
          joins.add(n.join(i == 0 ? List.of() : List.of(all.get(0).self().address())));
          all.add(n);
        }
        sim.await(io.vertx.core.Future.all(joins));
      }
      sim.runFor(settleMillis);
      List<SimNode> data = new ArrayList<>(all.subList(plan.firstDataNode(), all.size()));
      for (int k = 0; k < keys; k++) {
        SimNode n = data.get(random.nextInt(data.size()));
        sim.await(n.put("sim-key-" + k, ("v" + k).getBytes(StandardCharsets.UTF_8)));
      }
      Stats beforeMeasure = sim.aggregateStats();
      long measureStart = sim.now();
      sim.runFor(measureMillis);
      Stats afterMeasure = sim.aggregateStats();
      int crashed = (int) Math.round(failFraction * data.size());
      List<SimNode> live = new ArrayList<>(data);
      for (int i = 0; i < crashed && live.size() > 1; i++) {
        sim.crash(live.remove(random.nextInt(live.size())));
      }
      if (crashed > 0) {
        sim.runFor(afterFailMillis);
      }
      Stats before = sim.aggregateStats();
      int ok = 0;
      Histogram hops = new Histogram();
      Histogram latency = new Histogram();
      for (int l = 0; l < lookups; l++) {
        SimNode n = live.get(random.nextInt(live.size()));
        int k = random.nextInt(keys);
        try {
          GetResult r = sim.await(n.get("sim-key-" + k));
          if (r.valueAsString().filter(("v" + k)::equals).isPresent()) {
            ok++;
            hops.record(r.hops());
            latency.record(r.latencyNanos());
          }
        } catch (RuntimeException e) {
          // a failed lookup counts against success
        }
      }
      Stats after = sim.aggregateStats();
      Histogram state = new Histogram();
      for (SimNode n : all) {
        if (n.isAlive()) {
          state.record(n.stateSize());
        }
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      long peakHeap = peakHeapBytes();
      JsonObject byType = new JsonObject();
      Map<String, Stats.Traffic> traffic = after.traffic();
      int liveCount = (int) all.stream().filter(SimNode::isAlive).count();
      traffic.forEach((type, t) -> byType.put(type, t.sent() / (double) nodes));
      JsonObject bytesByType = new JsonObject();
      traffic.forEach((type, t) -> bytesByType.put(type, t.sentBytes() / (double) nodes));
      JsonObject maintenance = new JsonObject();
      if (measureMillis > 0) {
        double seconds = (sim.now() - measureStart) / 1000.0;
        Map<String, Stats.Traffic> b0 = beforeMeasure.traffic();
        double perNode = nodes * (measureMillis / 1000.0);
        afterMeasure.traffic().forEach((type, t) -> {
          Stats.Traffic t0 = b0.get(type);
          long msgs = t.sent() - (t0 == null ? 0 : t0.sent());
          long bytes = t.sentBytes() - (t0 == null ? 0 : t0.sentBytes());
          if (msgs > 0) {
            maintenance.put(type, new JsonObject().put("msgs_per_node_s", msgs / perNode).put("bytes_per_node_s", bytes / perNode));
          }
        });
        maintenance.put("total_bytes_per_node_s", (afterMeasure.bytesSent() - beforeMeasure.bytesSent()) / perNode);
        maintenance.put("total_msgs_per_node_s", (afterMeasure.messagesSent() - beforeMeasure.messagesSent()) / perNode);
        maintenance.put("window_s", measureMillis / 1000.0);
        if (seconds <= 0) {
          maintenance.clear();
        }
      }
      double success = lookups == 0 ? 1.0 : ok / (double) lookups;
      JsonObject j = new JsonObject()
          .put("routing", routing).put("nodes", nodes).put("live_nodes", liveCount).put("keys", keys).put("lookups", lookups)
          .put("seed", seed).put("fail_fraction", failFraction)
          .put("lookup_success", success)
          .put("hops", new JsonObject().put("mean", hops.mean()).put("p1", hops.quantile(0.01)).put("p50", hops.quantile(0.5))
              .put("p99", hops.quantile(0.99)).put("max", hops.max()))
          .put("lookup_latency_ms", new JsonObject().put("mean", latency.mean() / 1e6).put("p50", latency.quantile(0.5) / 1e6)
              .put("p99", latency.quantile(0.99) / 1e6))
          .put("state_entries", new JsonObject().put("mean", state.mean()).put("max", state.max()))
          .put("messages_by_type", byType)
          .put("bytes_by_type", bytesByType)
          .put("maintenance", maintenance)
          .put("routing_options", new JsonObject(new java.util.TreeMap<String, Object>(routingOptions)))
          .put("messages_per_lookup", lookups == 0 ? 0 : (after.messagesSent() - before.messagesSent()) / (double) lookups)
          .put("virtual_s", (sim.now() - Simulation.DEFAULT_START_MILLIS) / 1000.0)
          .put("events", sim.eventsProcessed())
          .put("trace_hash", Long.toHexString(sim.traceHash()))
          .put("wall_s", Math.round(wall * 100) / 100.0)
          .put("peak_heap_mb", peakHeap / (1024 * 1024));
      if (json) {
        out.println(j.encode());
      } else {
        out.printf("%s on %d simulated nodes (%d crashed), seed %d%n", routing, nodes, crashed, seed);
        out.printf("lookups: %d, success %.4f%n", lookups, success);
        out.printf("hops: mean %.2f  p1 %d  p50 %d  p99 %d  max %d%n", hops.mean(), hops.quantile(0.01), hops.quantile(0.5), hops.quantile(0.99), hops.max());
        out.printf("state entries per node: mean %.1f  max %d%n", state.mean(), state.max());
        out.println("messages per node by type:");
        traffic.forEach((type, t) -> out.printf("  %-28s %12.2f%n", type, t.sent() / (double) nodes));
        if (!maintenance.isEmpty()) {
          out.printf("maintenance over %.0f s: %.1f msgs/s and %.0f bytes/s per node%n", measureMillis / 1000.0,
              maintenance.getDouble("total_msgs_per_node_s"), maintenance.getDouble("total_bytes_per_node_s"));
        }
        out.printf("wall %.2f s, peak heap %d MiB, %d events, trace %s%n", wall, peakHeap / (1024 * 1024), sim.eventsProcessed(), Long.toHexString(sim.traceHash()));
      }
      out.flush();
      return 0;
    }
  }

  /** The strategy's cluster options with the command line's routing options on top. */
  private Map<String, String> withExtra(Map<String, String> cluster) {
    Map<String, String> m = new java.util.LinkedHashMap<>(cluster);
    m.putAll(routingOptions);
    return m;
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
