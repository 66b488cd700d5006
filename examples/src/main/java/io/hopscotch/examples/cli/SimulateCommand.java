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

  @Option(names = "--routing-option", paramLabel = "KEY=VALUE", description = "A routing option for every node (repeatable).")
  Map<String, String> routingOptions = new java.util.LinkedHashMap<>();

  @Option(names = "--join-batch", defaultValue = "1", description = "Nodes that join at the same time (default: ${DEFAULT-VALUE}).")
  int joinBatch;

  @Option(names = "--bootstrap", defaultValue = "first", description = "Whom a new node joins through: first, random or nearest (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--repair-ms", defaultValue = "-1", description = "Virtual time after the failures before the lookups (default: --settle-ms).")
  long repairMillis;

  @Option(names = "--quiet-ms", defaultValue = "0", description = "Virtual time without lookups, after settling, in which maintenance traffic is measured (default: ${DEFAULT-VALUE}).")
  long quietMillis;

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
    if (joinBatch < 1 || quietMillis < 0 || !List.of("first", "random", "nearest").contains(bootstrap)) {
      throw new CommandLine.ParameterException(cmd, "--join-batch must be positive, --quiet-ms non-negative, --bootstrap first, random or nearest");
    }
    if (keys < 1 || lookups < 0 || settleMillis < 0) {
      throw new CommandLine.ParameterException(cmd, "--keys must be positive and --lookups, --settle-ms non-negative");
    }
    PrintWriter out = cmd.getOut();
    long wall0 = System.nanoTime();
    Random random = new Random(seed);
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, latencyMillis)).build()) {
      List<SimNode> all = new ArrayList<>(nodes);
      SimulationMeasures measures = new SimulationMeasures(sim);
      int joinFailures = 0;
      for (int i = 0; i < nodes; ) {
        int batch = i == 0 ? 1 : Math.min(joinBatch, nodes - i);
        List<io.vertx.core.Future<Void>> joins = new ArrayList<>();
        List<SimNode> joined = List.copyOf(all);
        for (int j = 0; j < batch; j++, i++) {
          io.hopscotch.core.NodeOptions o = plan.options(i);
          Map<String, String> ro = new java.util.LinkedHashMap<>(o.getRoutingOptions());
          ro.putAll(routingOptions);
          SimNode n = sim.addNode(o.setRoutingOptions(ro));
          joins.add(n.join(joined.isEmpty() ? List.of() : List.of(measures.bootstrap(bootstrap, n.index(), joined, random).self().address())));
          all.add(n);
          measures.added(n);
        }
        try {
          sim.await(io.vertx.core.Future.join(joins));
        } catch (RuntimeException e) {
          // counted below
        }
        joinFailures += (int) joins.stream().filter(f -> !f.succeeded()).count();
      }
      sim.runFor(settleMillis);
      List<SimNode> data = new ArrayList<>(all.subList(plan.firstDataNode(), all.size()));
      for (int k = 0; k < keys; k++) {
        SimNode n = data.get(random.nextInt(data.size()));
        sim.await(n.put("sim-key-" + k, ("v" + k).getBytes(StandardCharsets.UTF_8)));
      }
      int crashed = (int) Math.round(failFraction * data.size());
      List<SimNode> live = new ArrayList<>(data);
      for (int i = 0; i < crashed && live.size() > 1; i++) {
        sim.crash(live.remove(random.nextInt(live.size())));
      }
      if (crashed > 0) {
        sim.runFor(repairMillis < 0 ? settleMillis : repairMillis);
      }
      JsonObject quiet = measures.quietTraffic(quietMillis);
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
            measures.lookup(n, r.hops(), r.path());
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
      double success = lookups == 0 ? 1.0 : ok / (double) lookups;
      JsonObject j = new JsonObject()
          .put("routing", routing).put("nodes", nodes).put("live_nodes", liveCount).put("keys", keys).put("lookups", lookups)
          .put("seed", seed).put("fail_fraction", failFraction)
          .put("lookup_success", success)
          .put("hops", new JsonObject().put("mean", hops.mean()).put("p1", hops.quantile(0.01)).put("p50", hops.quantile(0.5))
              .put("p99", hops.quantile(0.99)).put("max", hops.max()))
          .put("lookup_latency_ms", new JsonObject().put("mean", latency.mean() / 1e6).put("p50", latency.quantile(0.5) / 1e6)
              .put("p99", latency.quantile(0.99) / 1e6))
          .put("state_entries", new JsonObject().put("mean", state.mean()).put("max", state.max())
              .put("by_structure", SimulationMeasures.stateBreakdown(sim.liveNodes())))
          .put("hop_distribution", measures.hopDistribution())
          .put("route_stretch", Double.isNaN(measures.meanStretch()) ? null : measures.meanStretch())
          .put("route_stretch_of_totals", Double.isNaN(measures.totalStretch()) ? null : measures.totalStretch())
          .put("quiet_traffic", quiet)
          .put("join_failures", joinFailures)
          .put("routing_options", new JsonObject(new java.util.LinkedHashMap<>(routingOptions)))
          .put("messages_by_type", byType)
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
        out.printf("state entries per node: mean %.1f  max %d %s%n", state.mean(), state.max(), j.getJsonObject("state_entries").getJsonObject("by_structure").encode());
        out.printf("hop distribution: %s; route stretch %.3f (of totals %.3f)%n", measures.hopDistribution().encode(),
            measures.meanStretch(), measures.totalStretch());
        if (quietMillis > 0) {
          out.printf("quiet window: %.3f msgs/node/s, %.1f bytes/node/s%n", quiet.getDouble("msgs_per_node_s"), quiet.getDouble("bytes_per_node_s"));
        }
        out.println("messages per node by type:");
        traffic.forEach((type, t) -> out.printf("  %-28s %12.2f%n", type, t.sent() / (double) nodes));
        out.printf("wall %.2f s, peak heap %d MiB, %d events, trace %s%n", wall, peakHeap / (1024 * 1024), sim.eventsProcessed(), Long.toHexString(sim.traceHash()));
      }
      out.flush();
      return 0;
    }
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
