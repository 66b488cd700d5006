package io.hopscotch.kelips;

import io.hopscotch.core.Histogram;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Experiment 3 of docs/experiments/kelips.md, not part of the test suite (the class name does not
 * match the surefire patterns): how long a new tuple, a join and a failure take to reach every member
 * of the group, measured in virtual time on the simulator. A failure is a crash (connections to the node
 * are refused, as from a host whose process died) or silent (the node is cut off by a partition, so
 * requests to it time out). Run with
 * {@code mvn -o -pl routing-kelips -am test -Dtest=KelipsDisseminationExperiment -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkelips.nodes=1000 -Dkelips.options=gossip-bytes=2048}; results go to standard output.
 */
class KelipsDisseminationExperiment {

  private static final long STEP_MILLIS = 100;
  private static final long LIMIT_MILLIS = 600_000;

  @Test
  void run() {
    int n = Integer.getInteger("kelips.nodes", 1000);
    int trials = Integer.getInteger("kelips.trials", 10);
    long seed = Long.getLong("kelips.seed", 1);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("expected-size", Integer.toString(n));
    for (String kv : System.getProperty("kelips.options", "").split(",")) {
      if (kv.contains("=")) {
        options.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
      }
    }
    Random random = new Random(seed);
    long wall0 = System.nanoTime();
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 100)).build()) {
      List<SimNode> all = new ArrayList<>();
      NodeOptions o = new NodeOptions().setRouting("kelips").setRoutingOptions(options);
      for (int i = 0; i < n; ) {
        int batch = i == 0 ? 1 : Math.min(100, n - i);
        List<Future<Void>> joins = new ArrayList<>();
        for (int b = 0; b < batch; b++, i++) {
          SimNode node = sim.addNode(o);
          joins.add(node.join(i == 0 ? List.of() : List.of(all.get(0).self().address())));
          all.add(node);
        }
        sim.await(Future.all(joins));
      }
      sim.runFor(60_000);
      Histogram tuple = new Histogram();
      Histogram join = new Histogram();
      Histogram failure = new Histogram();
      Histogram silent = new Histogram();
      for (int t = 0; t < trials; t++) {
        // A new tuple: from put until every member of the key's group holds it.
        SimNode publisher = live(all).get(random.nextInt(live(all).size()));
        String key = "dissemination-" + t;
        Key id = Key.sha1(key);
        long t0 = sim.now();
        sim.await(publisher.put(key, "x".getBytes(StandardCharsets.UTF_8)));
        tuple.record(until(sim, () -> group(all, id.mod(groups(all))).stream()
            .allMatch(m -> KelipsCluster.routing(m).tupleStore().get(id, publisher.self().id()) != null)) - t0);
        // A join: from the join request until every member of its group lists it.
        SimNode joiner = sim.addNode(o);
        all.add(joiner);
        long j0 = sim.now();
        sim.await(joiner.join(List.of(all.get(0).self().address())));
        Key jid = joiner.self().id();
        join.record(until(sim, () -> group(all, jid.mod(groups(all))).stream()
            .allMatch(m -> m == joiner || KelipsCluster.routing(m).groupView().contains(jid))) - j0);
        // A failure: from the crash until no member of its group lists it.
        List<SimNode> live = live(all);
        SimNode victim = live.get(1 + random.nextInt(live.size() - 1));
        Key vid = victim.self().id();
        long f0 = sim.now();
        sim.crash(victim);
        failure.record(until(sim, () -> group(all, vid.mod(groups(all))).stream()
            .noneMatch(m -> KelipsCluster.routing(m).groupView().contains(vid))) - f0);
        // A silent failure: the node is cut off (its messages and those to it vanish, no refusal), as a host
        // that loses power or its network; probes then wait out their timeout instead of being refused.
        live = live(all);
        SimNode mute = live.get(1 + random.nextInt(live.size() - 1));
        Key sid = mute.self().id();
        long s0 = sim.now();
        sim.partition(List.of(mute));
        silent.record(until(sim, () -> group(all, sid.mod(groups(all))).stream()
            .noneMatch(m -> m != mute && KelipsCluster.routing(m).groupView().contains(sid))) - s0);
        sim.crash(mute);
        sim.heal();
      }
      System.out.printf("KELIPS-DISSEMINATION nodes=%d groups=%d options=%s trials=%d%n", n, groups(all), options, trials);
      System.out.printf("  tuple to whole group   ms: mean %.0f  max %d%n", tuple.mean(), tuple.max());
      System.out.printf("  join to whole group    ms: mean %.0f  max %d%n", join.mean(), join.max());
      System.out.printf("  failure to whole group ms: mean %.0f  max %d%n", failure.mean(), failure.max());
      System.out.printf("  silent failure to group ms: mean %.0f  max %d%n", silent.mean(), silent.max());
      System.out.printf("  wall %.1f s%n", (System.nanoTime() - wall0) / 1e9);
    }
  }

  private static int groups(List<SimNode> all) {
    return KelipsCluster.routing(all.get(0)).groups().count();
  }

  private static List<SimNode> live(List<SimNode> all) {
    return all.stream().filter(SimNode::isAlive).toList();
  }

  private static List<SimNode> group(List<SimNode> all, int g) {
    return all.stream().filter(SimNode::isAlive).filter(m -> KelipsCluster.routing(m).ownGroup() == g).toList();
  }

  /** Runs the simulation in small steps until the condition holds; returns the virtual time then. */
  private static long until(Simulation sim, BooleanSupplier done) {
    long start = sim.now();
    while (!done.getAsBoolean()) {
      if (sim.now() - start > LIMIT_MILLIS) {
        throw new IllegalStateException("not reached within " + LIMIT_MILLIS + " ms");
      }
      sim.runFor(STEP_MILLIS);
    }
    return sim.now();
  }
}
