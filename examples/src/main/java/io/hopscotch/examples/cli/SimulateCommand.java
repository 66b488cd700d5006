package io.hopscotch.examples.cli;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Histogram;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Stats;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a strategy on the deterministic simulator and reports what the papers report: hops, lookup
 * success, keys per node, state, traffic by type, maintenance traffic, wall time and heap. Several
 * network sizes may be given at once ({@code --nodes 1024,2048}); {@code --plot} then draws the hop
 * distribution of the largest beside the mean path length against N and ½·log2 N.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a routing strategy on the deterministic simulator: lookups, hops, state, traffic by type.")
final class SimulateCommand implements Callable<Integer> {


  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--routing", required = true, description = "Routing strategy.")
  String routing;

  @Option(names = "--nodes", required = true, split = ",", description = "Number of nodes; several comma-separated sizes run one after another.")
  int[] nodesList;

  @Option(names = "--keys", defaultValue = "1000", description = "Keys stored before the lookups (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--keys-per-node", description = "Keys per node instead of --keys (e.g. 100 for the Chord paper's 100·N).")
  Integer keysPerNode;

  @Option(names = "--route-only", description = "Store nothing: look up random key names to measure routing alone.")
  boolean routeOnly;

  @Option(names = "--lookups", defaultValue = "1000", description = "Number of lookups (default: ${DEFAULT-VALUE}).")
  int lookups;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"-o", "--routing-option"}, description = "A routing option name=value, repeatable (e.g. -o virtual-nodes=5).")
  Map<String, String> routingOptions = new LinkedHashMap<>();

  @Option(names = "--batch", defaultValue = "1000", description = "Puts and lookups issued at once, so big runs take little virtual time (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--join-batch", defaultValue = "1", description = "Nodes joining at once (at most as many as have joined); 1 joins one by one (default: ${DEFAULT-VALUE}).")
  int joinBatch;

  @Option(names = "--fail-fraction", defaultValue = "0", description = "Fraction of nodes that crash before the lookups (default: ${DEFAULT-VALUE}).")
  double failFraction;

  @Option(names = "--settle-ms", defaultValue = "30000", description = "Virtual time for maintenance after joins (default: ${DEFAULT-VALUE}).")
  long settleMillis;

  @Option(names = {"--fail-settle-ms", "--repair-ms"}, description = "Virtual time between the crashes and the lookups (default: --settle-ms; 0 looks up at once).")
  Long failSettleMillis;

  @Option(names = "--again-after-ms", defaultValue = "0",
      description = "After the lookups, run this much more virtual time of maintenance and repeat the lookups (fresh random keys"
          + " and readers), printing a second JSON object: e.g. lookups right after --fail-fraction crashes and again after repair,"
          + " from one network (default: ${DEFAULT-VALUE}, no second round).")
  long againAfterMillis;

  @Option(names = "--churn-rate", defaultValue = "0", description = "Crashes per virtual second during churn, each matched by a join (default: ${DEFAULT-VALUE}).")
  double churnRate;

  @Option(names = "--churn-seconds", defaultValue = "0", description = "Virtual seconds of churn, with the lookups spread over them (default: ${DEFAULT-VALUE}).")
  long churnSeconds;

  @Option(names = {"--idle-ms", "--measure-ms", "--quiet-ms"}, defaultValue = "0", description = "Virtual time of an idle window in which maintenance traffic is measured (default: ${DEFAULT-VALUE}).")
  long idleMillis;

  @Option(names = {"--bootstrap", "--join-via"}, defaultValue = "auto",
      description = "Whom a new node joins through: first (node 0), random (a joined node), nearest (the nearest of up to 64 joined"
          + " nodes by the latency model) or auto (first for strategies with infrastructure nodes, else random) (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--latency-ms", defaultValue = "100", description = "Largest one-way latency of the coordinate model (default: ${DEFAULT-VALUE}).")
  double latencyMillis;

  @Option(names = "--explain-lost", description = "With --churn-seconds: for every key no live node holds at the end, list each"
      + " crash that removed one of its copies (time, the crashed node's place after the key's owner, copies left) in the JSON.")
  boolean explainLost;

  @Option(names = "--plot", description = "Write an SVG: hop distribution and mean hops against N beside ½·log2 N.")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object per network size.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    HopscotchCli.checkRouting(cmd, routing);
    ClusterPlan plan = new ClusterPlan(routing);
    for (int nodes : nodesList) {
      if (nodes <= plan.firstDataNode()) {
        throw new CommandLine.ParameterException(cmd, "--nodes must exceed " + plan.firstDataNode() + " for routing " + routing);
      }
    }
    if (failFraction < 0 || failFraction >= 1) {
      throw new CommandLine.ParameterException(cmd, "--fail-fraction must be in [0, 1), got " + failFraction);
    }
    if (keys < 1 || batch < 1 || lookups < 0 || settleMillis < 0 || joinBatch < 1 || churnRate < 0 || churnSeconds < 0 || idleMillis < 0 || againAfterMillis < 0
        || (keysPerNode != null && keysPerNode < 1) || (failSettleMillis != null && failSettleMillis < 0)) {
      throw new CommandLine.ParameterException(cmd, "--keys, --keys-per-node and --join-batch must be positive; "
          + "--lookups, --settle-ms, --fail-settle-ms, --churn-rate, --churn-seconds, --idle-ms and --again-after-ms non-negative");
    }
    if (!List.of("auto", "first", "random", "nearest").contains(bootstrap)) {
      throw new CommandLine.ParameterException(cmd, "--bootstrap must be auto, first, random or nearest, got " + bootstrap);
    }
    PrintWriter out = cmd.getOut();
    List<JsonObject> results = new ArrayList<>();
    Histogram lastHops = null;
    for (int nodes : nodesList) {
      Histogram hops = new Histogram();
      for (JsonObject j : runOne(plan, nodes, hops)) {
        results.add(j);
        print(out, j);
        out.flush();
      }
      lastHops = hops;
    }
    if (plot != null) {
      writePlot(results, lastHops);
    }
    out.flush();
    return 0;
  }

  private List<JsonObject> runOne(ClusterPlan plan, int nodes, Histogram firstHops) {
    int keyCount = keysPerNode != null ? (int) Math.min(Integer.MAX_VALUE, (long) keysPerNode * nodes) : keys;
    long wall0 = System.nanoTime();
    long heapBase = usedHeapAfterGc();
    Random random = new Random(seed);
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, latencyMillis)).build()) {
      List<SimNode> all = new ArrayList<>(nodes);
      measures = new SimulationMeasures(sim);
      joinFailures = 0;
      joinAll(sim, plan, nodes, all, random);
      double joinWall = (System.nanoTime() - wall0) / 1e9;
      long heapPerNode = (usedHeapAfterGc() - heapBase) / nodes;
      runPhase(sim, settleMillis, "settling");
      List<SimNode> data = new ArrayList<>(all.subList(plan.firstDataNode(), all.size()));
      if (!routeOnly) {
        putAll(sim, data, keyCount, random);
      }
      JsonObject idle = idleMillis > 0 ? idleTraffic(sim) : null;
      int crashed = (int) Math.round(failFraction * data.size());
      List<SimNode> live = new ArrayList<>(data);
      for (int i = 0; i < crashed && live.size() > 1; i++) {
        sim.crash(live.remove(random.nextInt(live.size())));
      }
      long failSettle = crashed > 0 ? (failSettleMillis != null ? failSettleMillis : settleMillis) : 0;
      if (crashed > 0) {
        sim.runFor(failSettle);
      }
      List<JsonObject> rounds = new ArrayList<>();
      for (int round = 0; round < (againAfterMillis > 0 ? 2 : 1); round++) {
        Histogram hops = round == 0 ? firstHops : new Histogram();
        if (round > 0) {
          sim.runFor(againAfterMillis);
          failSettle += againAfterMillis;
        }
        Stats before = sim.aggregateStats();
        long[] loadBefore = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
          loadBefore[i] = load(all.get(i).stats());
        }
        double lookupWall0 = System.nanoTime();
        Histogram latency = new Histogram();
        int[] outcome = new int[2]; // ok, failed
        JsonObject churn = null;
        if (churnSeconds > 0) {
          churn = churn(sim, plan, all, live, keyCount, random, hops, latency, outcome);
        } else {
          lookups(sim, live, keyCount, random, hops, latency, outcome);
        }
        double lookupWall = (System.nanoTime() - lookupWall0) / 1e9;
        Stats after = sim.aggregateStats();
        // Load of the lookup phase on each node (messages received and sent), per lookup.
        int busiest = 0;
        long busiestLoad = -1;
        long totalLoad = 0;
        for (int i = 0; i < loadBefore.length; i++) {
          long l = load(all.get(i).stats()) - loadBefore[i];
          totalLoad += l;
          if (l > busiestLoad) {
            busiestLoad = l;
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
        List<Integer> stored = new ArrayList<>();
        for (SimNode n : all) {
          if (n.isAlive()) {
            state.record(n.stateSize());
          }
        }
        for (SimNode n : data) {
          if (n.isAlive()) {
            stored.add(n.storedRecords());
          }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        JsonObject byType = new JsonObject();
        Map<String, Stats.Traffic> traffic = after.traffic();
        int liveCount = (int) all.stream().filter(SimNode::isAlive).count();
        traffic.forEach((type, t) -> byType.put(type, t.sent() / (double) nodes));
        double success = lookups == 0 ? 1.0 : outcome[0] / (double) lookups;
        JsonObject j = new JsonObject()
            .put("routing", routing).put("nodes", nodes).put("live_nodes", liveCount).put("keys", routeOnly ? 0 : keyCount)
            .put("lookups", lookups).put("seed", seed).put("routing_options", new JsonObject(new HashMap<>(routingOptions)))
            .put("fail_fraction", failFraction)
            .put("fail_settle_ms", failSettle)
            .put("round", round)
            .put("lookup_success", success)
            .put("lookup_failures", outcome[1])
            .put("hops", new JsonObject().put("mean", hops.mean()).put("p1", hops.quantile(0.01)).put("p50", hops.quantile(0.5))
                .put("p99", hops.quantile(0.99)).put("max", hops.max()))
            .put("lookup_latency_ms", new JsonObject().put("mean", latency.mean() / 1e6).put("p50", latency.quantile(0.5) / 1e6)
                .put("p99", latency.quantile(0.99) / 1e6))
            .put("keys_per_node", distribution(stored))
            .put("state_entries", new JsonObject().put("mean", state.mean()).put("max", state.max())
                .put("by_structure", SimulationMeasures.stateBreakdown(sim.liveNodes())))
            .put("hop_distribution", measures.hopDistribution())
            .put("route_stretch", Double.isNaN(measures.meanStretch()) ? null : measures.meanStretch())
            .put("route_stretch_of_totals", Double.isNaN(measures.totalStretch()) ? null : measures.totalStretch())
            .put("join_failures", joinFailures)
            .put("lookup_phase_messages_by_type", phaseByType)
            .put("busiest_node", new JsonObject().put("index", busiest).put("messages_per_lookup", busiestLoad / perLookup))
            .put("mean_node_messages_per_lookup", totalLoad / perLookup / all.size())
            .put("messages_by_type", byType)
            .put("counters", new JsonObject(new HashMap<>(after.counters())))
            .put("messages_per_lookup", lookups == 0 ? 0 : (after.messagesSent() - before.messagesSent()) / (double) lookups)
            .put("virtual_s", (sim.now() - Simulation.DEFAULT_START_MILLIS) / 1000.0)
            .put("events", sim.eventsProcessed())
            .put("trace_hash", Long.toHexString(sim.traceHash()))
            .put("join_wall_s", round2(joinWall))
            .put("lookup_wall_s", round2(lookupWall))
            .put("heap_per_node_bytes", heapPerNode)
            .put("wall_s", round2(wall))
            .put("peak_heap_mb", peakHeapBytes() / (1024 * 1024));
        if (idle != null) {
          j.put("idle", idle);
        }
        if (churn != null) {
          j.put("churn", churn);
        }
        if (round > 0) {
          j.remove("hop_distribution"); // cumulative over both rounds
        }
        rounds.add(j);
      }
      return rounds;
    }
  }

  /** Per-run measures beyond hops (stretch, hop distribution, bootstrap choice); set by runOne. */
  private SimulationMeasures measures;
  private int joinFailures;

  private NodeOptions options(ClusterPlan plan, int index) {
    NodeOptions o = plan.options(index);
    if (!routingOptions.isEmpty()) {
      Map<String, String> m = new HashMap<>(o.getRoutingOptions());
      m.putAll(routingOptions);
      o.setRoutingOptions(m);
    }
    return o;
  }

  /**
   * Joins nodes in waves of up to --join-batch at once, each through a random node that has already
   * joined; once joining has taken a minute of wall time, a progress line goes to standard error every
   * minute.
   */
  private void joinAll(Simulation sim, ClusterPlan plan, int nodes, List<SimNode> all, Random random) {
    SimNode first = sim.addNode(options(plan, 0));
    sim.await(first.join(List.of()));
    all.add(first);
    measures.added(first);
    long wall0 = System.nanoTime();
    long reported = wall0;
    long virtual0 = sim.clock().millis();
    while (all.size() < nodes) {
      int wave = Math.min(Math.min(joinBatch, all.size()), nodes - all.size());
      List<Future<Void>> joins = new ArrayList<>(wave);
      List<SimNode> joined = new ArrayList<>(all);
      for (int i = 0; i < wave; i++) {
        SimNode n = sim.addNode(options(plan, all.size()));
        // Infrastructure nodes (an index server) are always the bootstrap.
        String how = plan.firstDataNode() > 0 ? "first" : bootstrap.equals("auto") ? "random" : bootstrap;
        SimNode via = measures.bootstrap(how, n.index(), joined, random);
        joins.add(n.join(List.of(via.address())));
        all.add(n);
        measures.added(n);
      }
      sim.await(Future.join(joins).otherwiseEmpty());
      joinFailures += (int) joins.stream().filter(f -> !f.succeeded()).count();
      long now = System.nanoTime();
      if (now - wall0 > PROGRESS_AFTER_NANOS && now - reported > PROGRESS_AFTER_NANOS && all.size() < nodes) {
        reported = now;
        spec.commandLine().getErr().printf("simulate: joining, %,d of %,d nodes, %.1f virtual s, %,d events so far, %.0f s wall%n",
            all.size(), nodes, (sim.clock().millis() - virtual0) / 1000.0, sim.eventsProcessed(), (now - wall0) / 1e9);
        spec.commandLine().getErr().flush();
      }
    }
  }

  private void putAll(Simulation sim, List<SimNode> data, int keyCount, Random random) {
    for (int start = 0; start < keyCount; start += batch) {
      List<Future<Void>> puts = new ArrayList<>();
      for (int k = start; k < Math.min(keyCount, start + batch); k++) {
        SimNode n = data.get(random.nextInt(data.size()));
        puts.add(n.put("sim-key-" + k, ("v" + k).getBytes(StandardCharsets.UTF_8)));
      }
      // A failed put shows up as a failed lookup of its key; it must not end the run.
      sim.await(Future.join(puts).otherwiseEmpty());
    }
  }

  /** Messages a node received and sent so far. */
  private static long load(Stats s) {
    long n = s.messagesSent();
    for (Stats.Traffic t : s.traffic().values()) {
      n += t.received();
    }
    return n;
  }

  /** Virtual time between progress lines of a long phase. */
  private static final long PROGRESS_STEP_MILLIS = 10_000;
  /** Wall time a phase runs quietly before it reports progress. */
  private static final long PROGRESS_AFTER_NANOS = 60_000_000_000L;

  /**
   * Runs {@code millis} of virtual time, the same events as one {@code runFor}; a phase that has taken
   * more than a minute of wall time prints a progress line on standard error every 10 virtual seconds,
   * so a large run's remaining time can be judged.
   */
  private void runPhase(Simulation sim, long millis, String phase) {
    long wall0 = System.nanoTime();
    for (long done = 0; done < millis; ) {
      long step = Math.min(PROGRESS_STEP_MILLIS, millis - done);
      sim.runFor(step);
      done += step;
      long wall = System.nanoTime() - wall0;
      if (wall > PROGRESS_AFTER_NANOS && done < millis) {
        spec.commandLine().getErr().printf("simulate: %s, %d of %d virtual s, %,d events so far, %.0f s wall%n", phase,
            done / 1000, millis / 1000, sim.eventsProcessed(), wall / 1e9);
        spec.commandLine().getErr().flush();
      }
    }
  }

  private JsonObject idleTraffic(Simulation sim) {
    JsonObject q = measures.quietTraffic(idleMillis);
    return q.put("seconds", q.getDouble("window_s"))
        .put("messages_per_node_per_s", q.getDouble("msgs_per_node_s"))
        .put("bytes_per_node_per_s", q.getDouble("bytes_per_node_s"));
  }

  /** Issues one get and records its outcome when it completes. */
  private Future<Void> lookup(Simulation sim, SimNode n, int k, Histogram hops, Histogram latency, int[] outcome) {
    String expected = "v" + k;
    return n.get("sim-key-" + k).transform(ar -> {
      boolean ok;
      if (ar.failed()) {
        ok = false;
      } else {
        GetResult r = ar.result();
        ok = routeOnly || r.valueAsString().filter(expected::equals).isPresent();
        if (ok) {
          hops.record(r.hops());
          latency.record(r.latencyNanos());
          measures.lookup(n, r.hops(), r.path());
        }
      }
      outcome[ok ? 0 : 1]++;
      return Future.succeededFuture();
    });
  }

  private void lookups(Simulation sim, List<SimNode> live, int keyCount, Random random, Histogram hops, Histogram latency, int[] outcome) {
    for (int start = 0; start < lookups; start += batch) {
      List<Future<Void>> wave = new ArrayList<>();
      for (int l = start; l < Math.min(lookups, start + batch); l++) {
        SimNode n = live.get(random.nextInt(live.size()));
        int k = routeOnly ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(keyCount);
        wave.add(lookup(sim, n, k, hops, latency, outcome));
      }
      sim.await(Future.join(wave));
    }
  }

  /**
   * Churn: for --churn-seconds, crashes at --churn-rate per second (a Bernoulli draw every 100 ms) of
   * data nodes, each matched by a fresh node joining (through a random live node, or the first
   * infrastructure node if the strategy has any), with the lookups spread evenly over the period.
   * Then maintenance settles and every key is read once to count the keys lost.
   */
  private JsonObject churn(Simulation sim, ClusterPlan plan, List<SimNode> all, List<SimNode> live, int keyCount, Random random,
      Histogram hops, Histogram latency, int[] outcome) {
    long ticks = churnSeconds * 10;
    churnStart = sim.now();
    double perTick = churnRate / 10;
    List<Future<?>> pending = new ArrayList<>();
    int crashes = 0;
    int joins = 0;
    long issued = 0;
    Map<io.hopscotch.core.Key, List<String>> history = new HashMap<>();
    for (long t = 0; t < ticks; t++) {
      double events = perTick;
      while (events > 0 && live.size() > 2) {
        if (events >= 1 || random.nextDouble() < events) {
          SimNode victim = live.remove(random.nextInt(live.size()));
          if (explainLost && !routeOnly) {
            noteCrash(sim, victim, history);
          }
          sim.crash(victim);
          crashes++;
          SimNode fresh = sim.addNode(options(plan, all.size()));
          all.add(fresh);
          // infrastructure nodes (an index server) are the bootstrap, as in the joins before
          SimNode via = plan.firstDataNode() > 0 ? all.get(0) : live.get(random.nextInt(live.size()));
          Future<Void> j = fresh.join(List.of(via.address()));
          pending.add(j);
          j.onSuccess(x -> live.add(fresh));
          joins++;
        }
        events -= 1;
      }
      long due = (t + 1) * lookups / ticks;
      for (; issued < due; issued++) {
        SimNode n = live.get(random.nextInt(live.size()));
        int k = routeOnly ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(keyCount);
        pending.add(lookup(sim, n, k, hops, latency, outcome));
      }
      sim.runFor(100);
    }
    try {
      sim.await(Future.join(new ArrayList<>(pending)));
    } catch (RuntimeException e) {
      // a failed join only means one node fewer
    }
    runPhase(sim, settleMillis, "settling after churn");
    int lost = 0;
    if (!routeOnly) {
      int[] check = new int[2];
      Histogram ignoreHops = new Histogram();
      Histogram ignoreLatency = new Histogram();
      List<SimNode> readers = sim.liveNodes().subList(plan.firstDataNode(), sim.liveNodes().size());
      for (int start = 0; start < keyCount; start += batch) {
        List<Future<Void>> wave = new ArrayList<>();
        for (int k = start; k < Math.min(keyCount, start + batch); k++) {
          wave.add(lookup(sim, readers.get(random.nextInt(readers.size())), k, ignoreHops, ignoreLatency, check));
        }
        sim.await(Future.join(wave));
      }
      lost = check[1];
    }
    JsonObject result = new JsonObject().put("seconds", churnSeconds).put("rate_per_s", churnRate).put("crashes", crashes).put("joins", joins)
        .put("keys_lost", lost);
    if (explainLost && !routeOnly) {
      result.put("lost_keys", explainLost(sim, keyCount, history));
    }
    return result;
  }

  /** Before {@code victim} crashes: for every key it holds, note when, its place after the key's owner and the copies left. */
  private void noteCrash(Simulation sim, SimNode victim, Map<io.hopscotch.core.Key, List<String>> history) {
    List<SimNode> others = sim.liveNodes().stream().filter(n -> n != victim).toList();
    TreeMap<io.hopscotch.core.Key, SimNode> ring = new TreeMap<>();
    for (SimNode n : sim.liveNodes()) {
      ring.put(n.id(), n);
    }
    for (io.hopscotch.core.Key k : new ArrayList<>(victim.engine().store().keys())) {
      int left = 0;
      for (SimNode n : others) {
        if (n.engine().store().contains(k)) {
          left++;
        }
      }
      int place = 0;
      for (io.hopscotch.core.Key id : ringFrom(ring, k)) {
        if (id.equals(victim.id())) {
          break;
        }
        place++;
      }
      history.computeIfAbsent(k, x -> new ArrayList<>())
          .add(String.format("t=%.1fs node %d (owner+%d) crashed, %d copies left", (sim.now() - churnStart) / 1000.0, victim.index(), place, left));
    }
  }

  private static List<io.hopscotch.core.Key> ringFrom(TreeMap<io.hopscotch.core.Key, SimNode> ring, io.hopscotch.core.Key k) {
    List<io.hopscotch.core.Key> out = new ArrayList<>(ring.tailMap(k, true).keySet());
    out.addAll(ring.headMap(k, false).keySet());
    return out;
  }

  /** Every stored key that no live node holds, with the crashes that removed its copies. */
  private io.vertx.core.json.JsonArray explainLost(Simulation sim, int keyCount, Map<io.hopscotch.core.Key, List<String>> history) {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    for (int k = 0; k < keyCount; k++) {
      io.hopscotch.core.Key key = io.hopscotch.core.Key.sha1("sim-key-" + k);
      boolean held = sim.liveNodes().stream().anyMatch(n -> n.engine().store().contains(key));
      if (!held) {
        out.add(new JsonObject().put("key", "sim-key-" + k).put("id", key.toHex())
            .put("crashes", new io.vertx.core.json.JsonArray(history.getOrDefault(key, List.of()))));
      }
    }
    return out;
  }

  /** Virtual time the churn began, for --explain-lost. */
  private long churnStart;

  private static JsonObject distribution(List<Integer> values) {
    if (values.isEmpty()) {
      return new JsonObject();
    }
    int[] v = values.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(v);
    double mean = Arrays.stream(v).average().orElse(0);
    return new JsonObject().put("mean", round2(mean)).put("p1", v[(int) Math.floor(0.01 * (v.length - 1))])
        .put("p50", v[(v.length - 1) / 2]).put("p99", v[(int) Math.ceil(0.99 * (v.length - 1))]).put("max", v[v.length - 1])
        .put("p99_over_mean", mean == 0 ? 0 : round2(v[(int) Math.ceil(0.99 * (v.length - 1))] / mean));
  }

  private void print(PrintWriter out, JsonObject j) {
    if (json) {
      out.println(j.encode());
      return;
    }
    JsonObject h = j.getJsonObject("hops");
    out.printf("%s on %d simulated nodes (%d live), seed %d%n", routing, j.getInteger("nodes"), j.getInteger("live_nodes"), seed);
    out.printf("lookups: %d, success %.4f%n", lookups, j.getDouble("lookup_success"));
    out.printf("hops: mean %.2f  p1 %d  p50 %d  p99 %d  max %d%n", h.getDouble("mean"), h.getLong("p1"), h.getLong("p50"),
        h.getLong("p99"), h.getLong("max"));
    JsonObject kpn = j.getJsonObject("keys_per_node");
    if (!kpn.isEmpty()) {
      out.printf("records per node: mean %.1f  p1 %d  p99 %d  max %d%n", kpn.getDouble("mean"), kpn.getInteger("p1"),
          kpn.getInteger("p99"), kpn.getInteger("max"));
    }
    out.printf("state entries per node: mean %.1f  max %d%n", j.getJsonObject("state_entries").getDouble("mean"),
        j.getJsonObject("state_entries").getLong("max"));
    out.println("messages per node by type:");
    j.getJsonObject("messages_by_type").forEach(e -> out.printf("  %-28s %12.2f%n", e.getKey(), ((Number) e.getValue()).doubleValue()));
    if (j.containsKey("idle")) {
      out.printf("idle maintenance: %.3f msg/s/node, %.1f B/s/node%n", j.getJsonObject("idle").getDouble("messages_per_node_per_s"),
          j.getJsonObject("idle").getDouble("bytes_per_node_per_s"));
    }
    if (j.containsKey("churn")) {
      out.println("churn: " + j.getJsonObject("churn").encode());
    }
    out.printf("wall %.2f s (joins %.2f s, lookups %.2f s), heap per node %d B, peak heap %d MiB, %d events, trace %s%n",
        j.getDouble("wall_s"), j.getDouble("join_wall_s"), j.getDouble("lookup_wall_s"), j.getLong("heap_per_node_bytes"),
        j.getLong("peak_heap_mb"), j.getLong("events"), j.getString("trace_hash"));
  }

  private void writePlot(List<JsonObject> results, Histogram hops) throws IOException {
    Map<Long, Double> shares = new TreeMap<>();
    if (hops != null && hops.count() > 0) {
      // The histogram is exact below 16: count each value by differences of the cumulative quantiles.
      long max = hops.max();
      for (long v = 0; v <= max; v++) {
        shares.put(v, 0.0);
      }
      long n = hops.count();
      for (int i = 0; i < 1000; i++) {
        long v = hops.quantile((i + 0.5) / 1000);
        shares.merge(v, 1.0 / 1000, Double::sum);
      }
      if (n == 0) {
        shares.clear();
      }
    }
    double[] x = results.stream().mapToDouble(r -> r.getInteger("nodes")).toArray();
    double[] mean = results.stream().mapToDouble(r -> r.getJsonObject("hops").getDouble("mean")).toArray();
    double[] p1 = results.stream().mapToDouble(r -> r.getJsonObject("hops").getLong("p1")).toArray();
    double[] p99 = results.stream().mapToDouble(r -> r.getJsonObject("hops").getLong("p99")).toArray();
    double[] half = Arrays.stream(x).map(v -> 0.5 * Math.log(v) / Math.log(2)).toArray();
    List<SvgPlot.Series> series = List.of(
        new SvgPlot.Series("mean hops", x, mean, false),
        new SvgPlot.Series("1st percentile", x, p1, false),
        new SvgPlot.Series("99th percentile", x, p99, false),
        new SvgPlot.Series("½·log2 N", x, half, true));
    int lastN = results.get(results.size() - 1).getInteger("nodes");
    String svg = SvgPlot.twoPanels(routing + ": hops per lookup, N = " + lastN, "hops", shares,
        routing + ": path length against N", "N (log scale)", "hops", series, true);
    Files.writeString(plot, svg, StandardCharsets.UTF_8);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
