package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.wire.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Flooding's invariants over random graphs, with shrinking to a minimal failing network: each node
 * forwards a descriptor at most once, nothing travels past its TTL, every query hit retraces its
 * query's path exactly, and a search finds exactly the items within TTL hops of the searcher (a
 * breadth-first search of the graph as it is when the query runs). Links are laid out by hand; in the
 * first property maintenance never runs, so the graph stays the one generated; in the second,
 * neighbour rewiring runs for a few rounds first (every node knowing every other as a candidate), so
 * the graph the query meets is a rewired one, and it must not change while the query runs. Every hop
 * takes the same time, so a query's first arrival at a node comes along a shortest path, as in the
 * breadth-first search.
 */
class FloodingGraphPropertyTest {

  /** One generated case: the graph, who shares an item, and the query's TTL. */
  record Case(int n, List<int[]> edges, boolean[] holders, int ttl) {
    static Case of(int n, int ttl, long seed, int meanDegree) {
      Random r = new Random(seed);
      List<int[]> edges = new ArrayList<>();
      double p = n == 1 ? 0 : Math.min(1.0, meanDegree / (double) (n - 1));
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (r.nextDouble() < p) {
            edges.add(new int[] {i, j});
          }
        }
      }
      boolean[] holders = new boolean[n];
      for (int i = 0; i < n; i++) {
        holders[i] = r.nextBoolean();
      }
      return new Case(n, edges, holders, ttl);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("n=" + n + " ttl=" + ttl + " holders=" + Arrays.toString(holders) + " edges=");
      edges.forEach(e -> b.append(e[0]).append('-').append(e[1]).append(' '));
      return b.toString();
    }
  }

  private record Sent(int from, int to, Message message) {
  }

  @Test
  void floodingInvariantsHoldOnRandomGraphs() {
    qt().withExamples(60).withShrinkCycles(100)
        .forAll(integers().between(1, 18), integers().between(1, 5), longs().all(), integers().between(1, 4))
        .asWithPrecursor((n, ttl, seed, deg) -> Case.of(n, ttl, seed, deg))
        .checkAssert((n, ttl, seed, deg, c) -> check(c, false, NO_CLAMP));
  }

  @Test
  void floodingInvariantsHoldOnRewiredGraphs() {
    qt().withExamples(40).withShrinkCycles(100)
        .forAll(integers().between(1, 18), integers().between(1, 5), longs().all(), integers().between(1, 4))
        .asWithPrecursor((n, ttl, seed, deg) -> Case.of(n, ttl, seed, deg))
        .checkAssert((n, ttl, seed, deg, c) -> check(c, true, NO_CLAMP));
  }

  /**
   * Every node but the searcher clamps received descriptors to a smaller max-ttl: the query then
   * reaches exactly min(ttl, max-ttl) hops, every copy forwarded after the first hop carries at most
   * max-ttl, and all the other invariants still hold.
   */
  @Test
  void receivedTtlAboveMaxTtlIsClamped() {
    qt().withExamples(40).withShrinkCycles(100)
        .forAll(integers().between(1, 18), integers().between(2, 6), longs().all(), integers().between(1, 4))
        .asWithPrecursor((n, ttl, seed, deg) -> Case.of(n, ttl, seed, deg))
        .checkAssert((n, ttl, seed, deg, c) -> {
          for (int maxTtl = 1; maxTtl < c.ttl(); maxTtl++) {
            check(c, false, maxTtl);
          }
        });
  }

  /** Rewiring rounds run at start + k·period + a jitter of at most a tenth of it; the query runs between rounds. */
  private static final long REWIRE_MS = 1_000;
  /** Most links a node keeps while rewiring: small, so the bound is exercised. */
  private static final int REWIRE_MAX_DEGREE = 6;

  /** max-ttl of the other nodes when nothing is to be clamped (the default, above every generated TTL). */
  private static final int NO_CLAMP = 16;

  /**
   * Runs one case.
   *
   * @param othersMaxTtl max-ttl of every node but the searcher (node 0, whose max-ttl is its TTL or more)
   */
  private static void check(Case c, boolean rewire, int othersMaxTtl) {
    int reach = Math.min(c.ttl(), othersMaxTtl);
    try (Simulation sim = Simulation.builder().seed(7).latency(LatencyModel.constant(10_000)).build()) {
      Map<String, String> common = Map.of("degree", "1", "max-degree", Integer.toString(rewire ? REWIRE_MAX_DEGREE : 64),
          "ping-ms", "100000000", "rewire-ms", rewire ? Long.toString(REWIRE_MS) : "0");
      Map<String, String> searcher = new HashMap<>(common);
      searcher.put("ttl", Integer.toString(c.ttl()));
      searcher.put("max-ttl", Integer.toString(Math.max(c.ttl(), othersMaxTtl)));
      Map<String, String> others = new HashMap<>(common);
      others.put("ttl", Integer.toString(reach));
      others.put("max-ttl", Integer.toString(othersMaxTtl));
      List<SimNode> nodes = new ArrayList<>();
      Map<Key, Integer> index = new HashMap<>();
      List<Sent> sent = new ArrayList<>();
      Map<Integer, Integer> parent = new HashMap<>();
      for (int i = 0; i < c.n(); i++) {
        SimNode node = sim.addNode(new NodeOptions().setRouting(FloodingProvider.NAME).setRoutingOptions(i == 0 ? searcher : others));
        sim.await(node.join(List.of()));
        nodes.add(node);
        index.put(node.id(), i);
      }
      for (SimNode node : nodes) {
        routing(node).setTrace(new DescriptorTrace() {
          @Override
          public void sent(Peer from, Peer to, Message message) {
            sent.add(new Sent(index.get(from.id()), index.get(to.id()), message));
          }

          @Override
          public void accepted(Peer at, Peer from, Message message) {
            if (message instanceof FloodingMessages.Query) {
              Integer old = parent.put(index.get(at.id()), index.get(from.id()));
              assertThat(old).as("node %s accepted the query twice", at).isNull();
            }
          }
        });
      }
      for (int[] e : c.edges()) {
        routing(nodes.get(e[0])).addNeighbour(nodes.get(e[1]).self(), false);
        routing(nodes.get(e[1])).addNeighbour(nodes.get(e[0]).self(), false);
      }
      List<int[]> graph = c.edges();
      if (rewire) {
        for (SimNode a : nodes) {
          for (SimNode b : nodes) {
            routing(a).neighbours().learn(b.self());
          }
        }
        // three rounds of rewiring, then a quiet gap (before the fourth round) for the query
        sim.runFor(3 * REWIRE_MS + REWIRE_MS / 2);
        graph = linkGraph(nodes, index);
        for (SimNode node : nodes) {
          assertThat(routing(node).neighbours().size()).as("links of %s", node).isLessThanOrEqualTo(REWIRE_MAX_DEGREE);
        }
        sent.clear();
      } else {
        assertThat(linkGraph(nodes, index)).as("laid-out links").hasSameSizeAs(c.edges());
      }
      for (int i = 0; i < c.n(); i++) {
        if (c.holders()[i]) {
          sim.await(nodes.get(i).put("item-" + i, "v".getBytes(StandardCharsets.UTF_8), new PutOptions().setKeywords(List.of("w"))));
        }
      }
      long[] reachedBefore = new long[c.n()];
      for (int i = 0; i < c.n(); i++) {
        reachedBefore[i] = nodes.get(i).stats().counter("flooding.queries_reached");
      }
      List<SearchHit> hits = sim.await(nodes.get(0).search("w", 1000, Duration.ofMillis(rewire ? REWIRE_MS / 4 : 10_000)));
      if (rewire) {
        assertThat(edgeSet(linkGraph(nodes, index))).as("links while the query ran").isEqualTo(edgeSet(graph));
      }

      int[] dist = GraphDistances.fromNodeZero(c.n(), graph);
      Set<Key> expected = new HashSet<>();
      for (int i = 0; i < c.n(); i++) {
        if (c.holders()[i] && dist[i] >= 0 && dist[i] <= reach) {
          expected.add(Key.sha1("item-" + i));
        }
      }
      assertThat(hits.stream().map(SearchHit::key).toList()).as("hits vs BFS within ttl").containsExactlyInAnyOrderElementsOf(expected);
      for (SearchHit h : hits) {
        int holder = index.get(h.holders().get(0).id());
        assertThat(h.hops()).as("hops of the hit from %d", holder).isEqualTo(dist[holder]);
      }
      for (int i = 1; i < c.n(); i++) {
        long reached = nodes.get(i).stats().counter("flooding.queries_reached") - reachedBefore[i];
        boolean within = dist[i] >= 1 && dist[i] <= reach;
        assertThat(reached).as("node %d (distance %d) counted as reached", i, dist[i]).isEqualTo(within ? 1 : 0);
        if (within) {
          assertThat(nodes.get(i).stats().counter("flooding.queries_reached.hops_" + dist[i]))
              .as("node %d counted at its distance %d", i, dist[i]).isEqualTo(1);
        }
      }
      checkForwarding(c, reach, sent, parent, dist);
      checkReversePaths(sent, parent, index);
    }
  }

  private static FloodingRouting routing(SimNode n) {
    return (FloodingRouting) n.engine().routingStrategy();
  }

  private static void checkForwarding(Case c, int reach, List<Sent> sent, Map<Integer, Integer> parent, int[] dist) {
    Map<Integer, Set<Integer>> targets = new HashMap<>();
    Map<Integer, Integer> ttlOf = new HashMap<>();
    for (Sent s : sent) {
      if (!(s.message() instanceof FloodingMessages.Query q)) {
        continue;
      }
      Descriptor d = q.descriptor();
      assertThat(d.ttl()).as("ttl of a query sent by %d", s.from()).isBetween(1, c.ttl());
      // the searcher sends its own TTL; every later copy was clamped on its first hop to at most max-ttl
      assertThat(d.ttl() + d.hops()).as("ttl + hops of a query sent by %d", s.from()).isEqualTo(s.from() == 0 ? c.ttl() : reach);
      assertThat(targets.computeIfAbsent(s.from(), x -> new HashSet<>()).add(s.to()))
          .as("node %d sent the query to %d twice", s.from(), s.to()).isTrue();
      Integer before = ttlOf.putIfAbsent(s.from(), d.ttl());
      assertThat(before == null || before == d.ttl()).as("node %d forwarded the query in two rounds", s.from()).isTrue();
      if (s.from() != 0) {
        assertThat(parent).as("node %d forwarded a query it never accepted", s.from()).containsKey(s.from());
        assertThat(s.to()).as("node %d sent the query back to where it came from", s.from()).isNotEqualTo(parent.get(s.from()));
        assertThat(dist[s.from()]).as("forwarder %d lies within reach - 1 hops", s.from()).isLessThan(reach);
      }
    }
  }

  private static void checkReversePaths(List<Sent> sent, Map<Integer, Integer> parent, Map<Key, Integer> index) {
    Map<Integer, List<Sent>> byResponder = new HashMap<>();
    for (Sent s : sent) {
      if (s.message() instanceof FloodingMessages.QueryHit h) {
        byResponder.computeIfAbsent(index.get(h.responder().id()), x -> new ArrayList<>()).add(s);
      }
    }
    byResponder.forEach((responder, hops) -> {
      List<Integer> expected = new ArrayList<>();
      for (int at = responder; at != 0; at = parent.get(at)) {
        expected.add(at);
      }
      expected.add(0);
      List<Integer> actual = new ArrayList<>();
      actual.add(hops.get(0).from());
      hops.forEach(s -> actual.add(s.to()));
      assertThat(actual).as("path of the hit from %d", responder).isEqualTo(expected);
      for (int i = 0; i + 1 < hops.size(); i++) {
        assertThat(hops.get(i + 1).from()).isEqualTo(hops.get(i).to());
      }
    });
  }

  /** The links both ends hold (a query crosses only those), as index pairs i &lt; j. */
  private static List<int[]> linkGraph(List<SimNode> nodes, Map<Key, Integer> index) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (Peer p : routing(nodes.get(i)).neighbours().peers()) {
        int j = index.get(p.id());
        if (i < j && routing(nodes.get(j)).neighbours().contains(nodes.get(i).id())) {
          out.add(new int[] {i, j});
        }
      }
    }
    return out;
  }

  private static Set<List<Integer>> edgeSet(List<int[]> edges) {
    Set<List<Integer>> out = new HashSet<>();
    edges.forEach(e -> out.add(List.of(Math.min(e[0], e[1]), Math.max(e[0], e[1]))));
    return out;
  }
}
