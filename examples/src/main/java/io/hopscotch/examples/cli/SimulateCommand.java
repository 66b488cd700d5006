package io.hopscotch.examples.cli;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Histogram;
import io.hopscotch.core.NodeOptions;
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
      description = "A routing option given to every node, on top of the strategy's cluster layout (repeatable).")
  Map<String, String> routingOptions = new java.util.LinkedHashMap<>();

  @Option(names = "--join-via", defaultValue = "first",
      description = "Bootstrap of each joining node: first (node 0) or random (a random earlier node; only for strategies without infrastructure nodes) (default: ${DEFAULT-VALUE}).")
  String joinVia;

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
    if (!joinVia.equals("first") && !joinVia.equals("random")) {
      throw new CommandLine.ParameterException(cmd, "--join-via must be first or random, got " + joinVia);
    }
    if (keys < 1 || lookups < 0 || settleMillis < 0) {
      throw new CommandLine.ParameterException(cmd, "--keys must be positive and --lookups, --settle-ms non-negative");
    }
    PrintWriter out = cmd.getOut();
    long wall0 = System.nanoTime();
    Random random = new Random(seed);
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, latencyMillis)).build()) {
      List<SimNode> all = new ArrayList<>(nodes);
      for (int i = 0; i < nodes; i++) {
        NodeOptions o = plan.options(i);
        Map<String, String> ro = new java.util.HashMap<>(o.getRoutingOptions());
        ro.putAll(routingOptions);
        SimNode n = sim.addNode(o.setRoutingOptions(ro));
        int via = i == 0 ? -1 : joinVia.equals("random") && plan.firstDataNode() == 0 ? random.nextInt(i) : 0;
        sim.await(n.join(via < 0 ? List.of() : List.of(all.get(via).self().address())));
        all.add(n);
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
        sim.runFor(settleMillis);
      }
      Stats before = sim.aggregateStats();
      long[] receivedBefore = new long[all.size()];
      long[] sentBefore = new long[all.size()];
      for (int i = 0; i < all.size(); i++) {
        receivedBefore[i] = received(all.get(i).stats());
        sentBefore[i] = all.get(i).stats().messagesSent();
      }
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
      // load of the lookup phase on each node: messages it received and sent, per lookup
      int busiest = 0;
      long busiestLoad = -1;
      long totalLoad = 0;
      for (int i = 0; i < all.size(); i++) {
        long load = received(all.get(i).stats()) - receivedBefore[i] + all.get(i).stats().messagesSent() - sentBefore[i];
        totalLoad += load;
        if (load > busiestLoad) {
          busiestLoad = load;
          busiest = i;
        }
      }
      double perLookup = Math.max(1, lookups);
      JsonObject phaseByType = new JsonObject();
      Map<String, Stats.Traffic> beforeTraffic = before.traffic();
      after.traffic().forEach((type, t) -> {
        Stats.Traffic b = beforeTraffic.get(type);
        long sent = t.sent() - (b == null ? 0 : b.sent());
        if (sent > 0) {
          phaseByType.put(type, sent / perLookup);
        }
      });
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
          .put("state_entries", new JsonObject().put("mean", state.mean()).put("max", state.max()))
          .put("messages_by_type", byType)
          .put("messages_per_lookup", lookups == 0 ? 0 : (after.messagesSent() - before.messagesSent()) / (double) lookups)
          .put("lookup_phase_messages_by_type", phaseByType)
          .put("busiest_node", new JsonObject().put("index", busiest).put("messages_per_lookup", busiestLoad / perLookup))
          .put("mean_node_messages_per_lookup", totalLoad / perLookup / all.size())
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
        out.printf("lookup phase: %.2f messages per lookup; busiest node %d handled %.2f per lookup (mean %.3f)%n",
            lookups == 0 ? 0.0 : (after.messagesSent() - before.messagesSent()) / (double) lookups, busiest, busiestLoad / perLookup,
            totalLoad / perLookup / all.size());
        out.printf("wall %.2f s, peak heap %d MiB, %d events, trace %s%n", wall, peakHeap / (1024 * 1024), sim.eventsProcessed(), Long.toHexString(sim.traceHash()));
      }
      out.flush();
      return 0;
    }
  }

  private static long received(Stats s) {
    long n = 0;
    for (Stats.Traffic t : s.traffic().values()) {
      n += t.received();
    }
    return n;
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
