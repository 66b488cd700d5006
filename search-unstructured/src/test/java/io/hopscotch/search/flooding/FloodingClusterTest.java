package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flooding on the simulator: push from firewalled holders, both ends firewalled, neighbour
 * replacement, pong caching, neighbour rewiring.
 */
class FloodingClusterTest {

  private static NodeOptions options(boolean firewalled, boolean pongCache) {
    return new NodeOptions().setRouting(FloodingProvider.NAME).setFirewalled(firewalled)
        .setRoutingOptions(Map.of("ping-ms", "1000", "get-timeout-ms", "2000", "pong-cache", Boolean.toString(pongCache)));
  }

  /** Nodes 0..n-1 joined in a chain of bootstraps; those in {@code firewalled} cannot accept connections. */
  private static List<SimNode> cluster(Simulation sim, int n, List<Integer> firewalled, boolean pongCache) {
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SimNode node = sim.addNode(options(firewalled.contains(i), pongCache));
      int via = i == 0 ? -1 : (firewalled.contains(i - 1) ? i - 2 : i - 1);
      sim.await(node.join(via < 0 ? List.of() : List.of(nodes.get(via).address())));
      nodes.add(node);
    }
    sim.runFor(5_000);
    return nodes;
  }

  private static FloodingRouting routing(SimNode n) {
    return (FloodingRouting) n.engine().routingStrategy();
  }

  private static SimNode notANeighbourOf(List<SimNode> nodes, SimNode holder, List<Integer> firewalled, boolean wantFirewalled) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      SimNode n = nodes.get(i);
      if (n != holder && firewalled.contains(i) == wantFirewalled && !routing(n).neighbours().contains(holder.id())) {
        return n;
      }
    }
    throw new AssertionError("every candidate is a neighbour of " + holder);
  }

  @Test
  void aFirewalledHolderPushesItsItemToTheRequester() {
    try (Simulation sim = Simulation.builder().seed(11).latency(LatencyModel.coordinates(11, 50)).build()) {
      List<Integer> fw = List.of(3);
      List<SimNode> nodes = cluster(sim, 10, fw, true);
      SimNode holder = nodes.get(3);
      sim.await(holder.put("behind-nat", "x".getBytes(StandardCharsets.UTF_8)));
      SimNode reader = notANeighbourOf(nodes, holder, fw, false);
      GetResult r = sim.await(reader.get("behind-nat"));
      assertThat(r.valueAsString()).contains("x");
      assertThat(reader.stats().counter("flooding.push_requested")).isEqualTo(1);
      assertThat(holder.stats().counter("flooding.push_delivered")).isEqualTo(1);
    }
  }

  @Test
  void whenBothEndsAreFirewalledTheFetchFailsWithTheReason() {
    try (Simulation sim = Simulation.builder().seed(12).latency(LatencyModel.coordinates(12, 50)).build()) {
      List<Integer> fw = List.of(3, 8);
      List<SimNode> nodes = cluster(sim, 10, fw, true);
      SimNode holder = nodes.get(3);
      sim.await(holder.put("unreachable", "x".getBytes(StandardCharsets.UTF_8)));
      Throwable e = sim.awaitFailure(nodes.get(8).get("unreachable"));
      assertThat(e).hasMessageContaining("both it and this node are firewalled");
      // an ordinary node still gets it through a push
      assertThat(sim.await(nodes.get(6).get("unreachable")).valueAsString()).contains("x");
    }
  }

  @Test
  void crashedNeighboursAreReplaced() {
    try (Simulation sim = Simulation.builder().seed(13).build()) {
      List<SimNode> nodes = cluster(sim, 16, List.of(), true);
      for (int i = 1; i < 16; i += 3) {
        sim.crash(nodes.get(i));
      }
      sim.runFor(10_000);
      for (SimNode n : sim.liveNodes()) {
        List<io.hopscotch.core.Peer> ns = routing(n).neighbours().peers();
        assertThat(ns).as("neighbours of %s", n).isNotEmpty();
        for (io.hopscotch.core.Peer p : ns) {
          assertThat(sim.liveNodes().stream().anyMatch(l -> l.id().equals(p.id()))).as("%s keeps dead neighbour %s", n, p).isTrue();
        }
        assertThat(ns.size()).isGreaterThanOrEqualTo(Math.min(4, sim.liveNodes().size() - 1) / 2);
      }
    }
  }

  private static long pingPongMessages(boolean pongCache) {
    try (Simulation sim = Simulation.builder().seed(14).build()) {
      cluster(sim, 40, List.of(), pongCache);
      long before = pingPong(sim);
      sim.runFor(20_000);
      return pingPong(sim) - before;
    }
  }

  private static long pingPong(Simulation sim) {
    var t = sim.aggregateStats().traffic();
    long n = 0;
    for (String type : List.of("flooding.ping", "flooding.pong")) {
      n += t.containsKey(type) ? t.get(type).sent() : 0;
    }
    return n;
  }

  @Test
  void pongCachingCutsPingPongTraffic() {
    long cached = pingPongMessages(true);
    long flooded = pingPongMessages(false);
    assertThat(cached).isPositive();
    assertThat(flooded).isGreaterThan(5 * cached);
  }

  /** Hops from node 0 to the farthest node over the links both ends hold, or -1 if some node is cut off. */
  private static int eccentricityOfFirst(List<SimNode> nodes) {
    java.util.Map<io.hopscotch.core.Key, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).id(), i);
    }
    int[] dist = new int[nodes.size()];
    java.util.Arrays.fill(dist, -1);
    dist[0] = 0;
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(0));
    int far = 0;
    while (!queue.isEmpty()) {
      int u = queue.poll();
      far = Math.max(far, dist[u]);
      for (io.hopscotch.core.Peer p : routing(nodes.get(u)).neighbours().peers()) {
        int v = index.get(p.id());
        if (dist[v] < 0 && routing(nodes.get(v)).neighbours().contains(nodes.get(u).id())) {
          dist[v] = dist[u] + 1;
          queue.add(v);
        }
      }
    }
    return java.util.Arrays.stream(dist).anyMatch(d -> d < 0) ? -1 : far;
  }

  @Test
  void rewiringTurnsARingIntoASmallWorld() {
    try (Simulation sim = Simulation.builder().seed(15).build()) {
      int n = 64;
      NodeOptions o = new NodeOptions().setRouting(FloodingProvider.NAME)
          .setRoutingOptions(Map.of("degree", "2", "max-degree", "6", "ping-ms", "1000", "rewire-ms", "1000"));
      List<SimNode> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        SimNode node = sim.addNode(o);
        sim.await(node.join(List.of()));
        nodes.add(node);
      }
      // a ring, and each node knows only the node two steps on: all mixing must come from the rewiring itself
      for (int i = 0; i < n; i++) {
        SimNode a = nodes.get(i);
        SimNode b = nodes.get((i + 1) % n);
        routing(a).addNeighbour(b.self(), false);
        routing(b).addNeighbour(a.self(), false);
        routing(a).neighbours().learn(nodes.get((i + 2) % n).self());
      }
      assertThat(eccentricityOfFirst(nodes)).isEqualTo(n / 2);
      sim.runFor(60_000);
      assertThat(eccentricityOfFirst(nodes)).as("hops from node 0 to the farthest node after rewiring").isBetween(1, 8);
      for (SimNode node : nodes) {
        assertThat(routing(node).neighbours().size()).as("links of %s", node).isBetween(2, 6);
      }
      assertThat(sim.aggregateStats().counter("flooding.links_rewired")).isGreaterThan(n);
    }
  }
}
