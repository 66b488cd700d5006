package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.Stats;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Gnutella's Push over random graphs, with shrinking to a minimal failing network. Some nodes are
 * firewalled; node 0 gets a key that one to three other nodes share, and the properties are those of
 * a get that is a search: every holder the query reached delivers its record, value intact, unless
 * both it and node 0 are firewalled (then, if no holder could deliver, the get fails naming the
 * firewalls, and nothing is pushed or delivered); a firewalled holder that never opened a connection
 * to node 0 delivers by a push; every push travels hop by hop along the exact reverse of the path its
 * query hit took (the query's own path, from the requester to the responder), each node forwarding it
 * at most once and never past its TTL; and nodes off that path never receive it.
 *
 * <p>The simulator refuses a message to a firewalled node from a node it never contacted, so every
 * link touching a firewalled node is opened by that node through the real connect request, and no
 * link joins two firewalled nodes (neither could accept the other, as in Gnutella). Besides the links,
 * some stale ones are listed by one end only (the other dropped the link; if firewalled, it never
 * opened it): nothing crosses them, and a push must not take one even where it leads straight to the
 * responder. With equal hop latencies a query's first arrival comes along a shortest path, so the
 * holders reached are exactly those within TTL hops of node 0 (a breadth-first search); with uneven
 * latencies the query's path is sometimes longer than the shortest.
 */
class FloodingPushPropertyTest {

  private static final String ITEM = "pushed-item";
  private static final Key KEY = Key.sha1(ITEM);

  /** One generated case: the graph, who is firewalled, who shares the item, and the query's TTL. */
  record Case(int n, List<int[]> edges, List<int[]> stale, boolean[] firewalled, List<Integer> holders, int ttl) {
    static Case of(int n, int ttl, long seed, int meanDegree) {
      Random r = new Random(seed);
      Set<Integer> holders = new TreeSet<>();
      int want = 1 + r.nextInt(Math.min(3, n - 1));
      while (holders.size() < want) {
        holders.add(1 + r.nextInt(n - 1));
      }
      boolean[] firewalled = new boolean[n];
      for (int i = 0; i < n; i++) {
        // holders are firewalled more often than not, so that most cases involve a push or its refusal
        firewalled[i] = r.nextInt(100) < (i == 0 ? 30 : holders.contains(i) ? 65 : 40);
      }
      // a random recursive forest (each node links to an earlier one, mostly), so that paths several
      // hops long are common, plus random extra links for cycles and alternative paths
      Set<List<Integer>> linked = new HashSet<>();
      for (int i = 1; i < n; i++) {
        if (r.nextInt(100) < 85) {
          int j = r.nextInt(i);
          for (int tries = 0; tries < 3 && firewalled[i] && firewalled[j]; tries++) {
            j = r.nextInt(i);
          }
          // two firewalled nodes cannot link: neither accepts the other's connection
          if (!(firewalled[i] && firewalled[j])) {
            linked.add(List.of(j, i));
          }
        }
      }
      double p = Math.min(1.0, (meanDegree - 1) / (double) (n - 1));
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (r.nextDouble() < p && !(firewalled[i] && firewalled[j])) {
            linked.add(List.of(i, j));
          }
        }
      }
      List<int[]> edges = new ArrayList<>();
      linked.stream().sorted((a, b) -> a.get(0).equals(b.get(0)) ? a.get(1) - b.get(1) : a.get(0) - b.get(0))
          .forEach(e -> edges.add(new int[] {e.get(0), e.get(1)}));
      double q = Math.min(1.0, 1.5 / (n - 1));
      // stale links: the first node still lists the second, which has dropped the link (its Bye was
      // lost, or it dropped the first as silent); nothing crosses them, but a node may be tempted
      List<int[]> stale = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          // more often toward a holder: a stale link on its path is where a push could go astray
          boolean toHolder = holders.contains(i) || holders.contains(j);
          if (!linked.contains(List.of(i, j)) && r.nextDouble() < (toHolder ? 0.35 : q)) {
            // listed by an open node (a firewalled one would have contacted the other end over it),
            // the holder's side when only one end holds the item
            boolean fromI = firewalled[j] || (!firewalled[i] && (toHolder ? holders.contains(j) : r.nextBoolean()));
            if (!firewalled[fromI ? i : j]) {
              stale.add(fromI ? new int[] {i, j} : new int[] {j, i});
            }
          }
        }
      }
      return new Case(n, edges, stale, firewalled, List.copyOf(holders), ttl);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("n=" + n + " ttl=" + ttl + " holders=" + holders + " firewalled=[");
      for (int i = 0; i < n; i++) {
        if (firewalled[i]) {
          b.append(i).append(' ');
        }
      }
      b.append("] edges=");
      edges.forEach(e -> b.append(e[0]).append('-').append(e[1]).append(' '));
      b.append("stale=");
      stale.forEach(e -> b.append(e[0]).append('>').append(e[1]).append(' '));
      return b.toString();
    }
  }

  private record Sent(int from, int to, Message message) {
  }

  @Test
  void pushFollowsTheReverseOfItsHitsPathWithEqualLatencies() {
    qt().withExamples(60).withShrinkCycles(100)
        .forAll(integers().between(2, 25), integers().between(1, 5), longs().all(), integers().between(1, 4))
        .asWithPrecursor((n, ttl, seed, deg) -> Case.of(n, ttl, seed, deg))
        .checkAssert((n, ttl, seed, deg, c) -> check(c, LatencyModel.constant(10_000), true));
  }

  /** Uneven latencies: the query's first arrival at a node often comes the long way round. */
  @Test
  void pushFollowsTheReverseOfItsHitsPathWithUnevenLatencies() {
    qt().withExamples(60).withShrinkCycles(100)
        .forAll(integers().between(2, 25), integers().between(2, 6), longs().all(), integers().between(2, 5))
        .asWithPrecursor((n, ttl, seed, deg) -> Case.of(n, ttl, seed, deg))
        .checkAssert((n, ttl, seed, deg, c) -> check(c, uneven(seed), false));
  }

  /**
   * Per-link latency drawn at random, fast (1 to 5 ms) for three links in five and slow (60 to 100 ms)
   * for the rest, with no triangle inequality: a path of fast links often beats a slow direct one, so
   * a query's first arrival at a node may come the long way round, along a path on which a node
   * further back is itself a neighbour of that node.
   */
  private static LatencyModel uneven(long seed) {
    return (from, to) -> {
      int a = Math.min(from, to);
      int b = Math.max(from, to);
      SplittableRandom r = new SplittableRandom(seed ^ (a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL));
      return r.nextInt(5) < 3 ? r.nextLong(1_000, 5_001) : r.nextLong(60_000, 100_001);
    };
  }

  /**
   * Runs one case.
   *
   * @param shortestPaths true if every hop takes the same time, so the query reaches exactly the nodes
   *     within TTL hops
   */
  private static void check(Case c, LatencyModel latency, boolean shortestPaths) {
    try (Simulation sim = Simulation.builder().seed(5).latency(latency).build()) {
      Map<String, String> opts = Map.of("degree", "1", "max-degree", "64", "ping-ms", "100000000", "rewire-ms", "0",
          "ttl", Integer.toString(c.ttl()), "get-timeout-ms", "2000");
      List<SimNode> nodes = new ArrayList<>();
      Map<Key, Integer> index = new HashMap<>();
      for (int i = 0; i < c.n(); i++) {
        SimNode node = sim.addNode(new NodeOptions().setRouting(FloodingProvider.NAME).setRoutingOptions(opts)
            .setFirewalled(c.firewalled()[i]));
        sim.await(node.join(List.of()));
        nodes.add(node);
        index.put(node.id(), i);
      }
      layOut(sim, c, nodes);

      List<Sent> sent = new ArrayList<>();
      Map<Integer, Integer> parent = new HashMap<>();
      Map<Integer, List<Integer>> pushAcceptedBy = new HashMap<>();
      for (SimNode node : nodes) {
        routing(node).setTrace(new DescriptorTrace() {
          @Override
          public void sent(Peer from, Peer to, Message message) {
            sent.add(new Sent(index.get(from.id()), index.get(to.id()), message));
          }

          @Override
          public void accepted(Peer at, Peer from, Message message) {
            int here = index.get(at.id());
            if (message instanceof FloodingMessages.Query) {
              assertThat(parent.put(here, index.get(from.id()))).as("node %d accepted the query twice", here).isNull();
            } else if (message instanceof FloodingMessages.Push p) {
              pushAcceptedBy.computeIfAbsent(index.get(p.responderId()), x -> new ArrayList<>()).add(here);
            }
          }
        });
      }
      Map<Integer, byte[]> values = new HashMap<>();
      for (int h : c.holders()) {
        byte[] v = ("held by " + h + " of " + c).getBytes(StandardCharsets.UTF_8);
        values.put(h, v);
        sim.await(nodes.get(h).put(ITEM, v));
      }

      Future<GetResult> get = nodes.get(0).get(ITEM);
      sim.runFor(10_000);
      assertThat(get.isComplete()).as("the get ended").isTrue();

      boolean fw0 = c.firewalled()[0];
      Set<Integer> neighboursOf0 = new HashSet<>();
      for (int[] e : c.edges()) {
        if (e[0] == 0) {
          neighboursOf0.add(e[1]);
        }
      }
      int[] dist = GraphDistances.fromNodeZero(c.n(), c.edges());
      Set<Integer> found = new TreeSet<>();
      Set<Integer> deliverable = new TreeSet<>();
      Set<Integer> pushed = new TreeSet<>();
      for (int h : c.holders()) {
        boolean reached = parent.containsKey(h);
        if (shortestPaths) {
          assertThat(reached).as("holder %d (distance %d) reached by the query", h, dist[h])
              .isEqualTo(dist[h] >= 1 && dist[h] <= c.ttl());
        }
        if (!reached) {
          continue;
        }
        found.add(h);
        if (!fw0 || !c.firewalled()[h]) {
          deliverable.add(h);
          // a firewalled holder that opened a link to node 0 is fetched over it; any other must push
          if (c.firewalled()[h] && !neighboursOf0.contains(h)) {
            pushed.add(h);
          }
        }
      }

      if (!found.isEmpty() && deliverable.isEmpty()) {
        assertThat(get.failed()).as("get with only firewalled holders, from a firewalled node").isTrue();
        assertThat(get.cause()).hasMessageContaining("both it and this node are firewalled");
      } else {
        assertThat(get.succeeded()).as("get succeeded (%s)", get.cause()).isTrue();
        GetResult r = get.result();
        List<String> expected = new ArrayList<>();
        deliverable.forEach(h -> expected.add(new String(values.get(h), StandardCharsets.UTF_8)));
        assertThat(r.records()).allSatisfy(rec -> assertThat(rec.key()).isEqualTo(KEY));
        assertThat(r.records().stream().map(Record::valueAsString).toList()).as("values delivered")
            .containsExactlyInAnyOrderElementsOf(expected);
        for (Record rec : r.records()) {
          int h = Integer.parseInt(rec.valueAsString().split(" ")[2]);
          assertThat(rec.value()).as("bytes delivered from %d", h).isEqualTo(values.get(h));
        }
      }

      long bothFirewalled = fw0 ? found.stream().filter(h -> c.firewalled()[h]).count() : 0;
      assertThat(nodes.get(0).stats().counter("flooding.push_both_firewalled")).as("fetches refused as both firewalled")
          .isEqualTo(bothFirewalled);
      // pushes: requested exactly for the firewalled holders node 0 cannot reach, delivered by each once
      assertThat(nodes.get(0).stats().counter("flooding.push_requested")).as("pushes requested").isEqualTo(pushed.size());
      for (int i = 0; i < c.n(); i++) {
        assertThat(nodes.get(i).stats().counter("flooding.push_delivered")).as("pushes delivered by %d", i)
            .isEqualTo(pushed.contains(i) ? 1 : 0);
        assertThat(nodes.get(i).stats().counter("flooding.push_timeout")).as("push timeouts at %d", i).isZero();
      }
      checkPushPaths(c, sent, parent, pushAcceptedBy, pushed, index);
      checkNobodyElseSawAPush(c, nodes, parent, pushed);
      for (int i = 0; i < c.n(); i++) {
        Stats.Traffic t = nodes.get(i).stats().traffic().get(FloodingMessages.PushDelivery.TYPE.name());
        assertThat(t == null ? 0 : t.received()).as("push deliveries received by %d", i).isEqualTo(i == 0 ? pushed.size() : 0);
      }
    }
  }

  /**
   * Lays out the generated links: a link between two open nodes is added at both ends by hand, a link
   * to a firewalled node is opened by it with a connect request, so the simulator lets the other end
   * answer over it.
   */
  private static void layOut(Simulation sim, Case c, List<SimNode> nodes) {
    for (int[] e : c.edges()) {
      int a = e[0];
      int b = e[1];
      if (c.firewalled()[b]) {
        a = e[1];
        b = e[0];
      }
      if (c.firewalled()[a]) {
        assertThat(sim.await(routing(nodes.get(a)).connect(nodes.get(b).self()))).as("firewalled %d links to %d", a, b).isTrue();
      } else {
        routing(nodes.get(a)).addNeighbour(nodes.get(b).self(), false);
        routing(nodes.get(b)).addNeighbour(nodes.get(a).self(), false);
      }
    }
    for (int i = 0; i < c.n(); i++) {
      for (int[] e : c.edges()) {
        if (e[0] == i || e[1] == i) {
          int other = e[0] == i ? e[1] : e[0];
          assertThat(routing(nodes.get(i)).neighbours().contains(nodes.get(other).id())).as("link %d-%d at %d", e[0], e[1], i).isTrue();
        }
      }
      assertThat(routing(nodes.get(i)).neighbours().size()).as("links of %d", i).isEqualTo(degree(c, i));
    }
    for (int[] e : c.stale()) {
      assertThat(routing(nodes.get(e[0])).addNeighbour(nodes.get(e[1]).self(), c.firewalled()[e[1]])).isTrue();
    }
  }

  private static int degree(Case c, int i) {
    int d = 0;
    for (int[] e : c.edges()) {
      if (e[0] == i || e[1] == i) {
        d++;
      }
    }
    return d;
  }

  /**
   * Every push goes node 0 → … → responder along the reverse of the hit's path (the query's path from
   * node 0), each hop once, its TTL counting down from the path's length and never below 1; each node
   * on the path (and no other) accepts it once.
   */
  private static void checkPushPaths(Case c, List<Sent> sent, Map<Integer, Integer> parent,
      Map<Integer, List<Integer>> pushAcceptedBy, Set<Integer> pushed, Map<Key, Integer> index) {
    Map<Integer, List<Sent>> byResponder = new HashMap<>();
    for (Sent s : sent) {
      if (s.message() instanceof FloodingMessages.Push p) {
        byResponder.computeIfAbsent(index.get(p.responderId()), x -> new ArrayList<>()).add(s);
        assertThat(p.key()).isEqualTo(KEY);
      }
    }
    assertThat(byResponder.keySet()).as("responders asked to push").isEqualTo(pushed);
    for (int responder : pushed) {
      List<Integer> path = new ArrayList<>(); // node 0 first, the responder last
      for (int at = responder; at != 0; at = parent.get(at)) {
        path.add(0, at);
      }
      path.add(0, 0);
      List<Sent> hops = byResponder.get(responder);
      List<Integer> actual = new ArrayList<>();
      actual.add(hops.get(0).from());
      hops.forEach(s -> actual.add(s.to()));
      assertThat(actual).as("path of the push to %d (query path reversed: %s)", responder, path).isEqualTo(path);
      List<Integer> hitPath = new ArrayList<>(); // as the hit went: the responder first, node 0 last
      for (Sent s : sent) {
        if (s.message() instanceof FloodingMessages.QueryHit h && index.get(h.responder().id()) == responder) {
          if (hitPath.isEmpty()) {
            hitPath.add(s.from());
          }
          hitPath.add(s.to());
        }
      }
      Collections.reverse(hitPath);
      assertThat(actual).as("push to %d against its hit's path, reversed", responder).isEqualTo(hitPath);
      int length = path.size() - 1;
      assertThat(length).as("hops from node 0 to %d", responder).isLessThanOrEqualTo(c.ttl());
      Set<Integer> forwarders = new HashSet<>();
      for (int i = 0; i < hops.size(); i++) {
        Sent s = hops.get(i);
        FloodingMessages.Push p = (FloodingMessages.Push) s.message();
        assertThat(forwarders.add(s.from())).as("node %d sent the push to %d twice", s.from(), responder).isTrue();
        assertThat(i == 0 || s.from() == hops.get(i - 1).to()).as("hop %d of the push to %d", i, responder).isTrue();
        assertThat(p.descriptor().ttl()).as("ttl of the push to %d leaving %d", responder, s.from()).isEqualTo(length - i)
            .isPositive();
        assertThat(p.descriptor().hops()).as("hops of the push to %d leaving %d", responder, s.from()).isEqualTo(i);
        assertThat(p.requester().id()).isEqualTo(((FloodingMessages.Push) hops.get(0).message()).requester().id());
      }
      assertThat(pushAcceptedBy.get(responder)).as("nodes that accepted the push to %d", responder)
          .containsExactlyElementsOf(path.subList(1, path.size()));
    }
    assertThat(pushAcceptedBy.keySet()).isEqualTo(pushed);
  }

  /** Counts at the transport: only nodes on a push's path receive it, once per push through them. */
  private static void checkNobodyElseSawAPush(Case c, List<SimNode> nodes, Map<Integer, Integer> parent, Set<Integer> pushed) {
    int[] expected = new int[c.n()];
    for (int responder : pushed) {
      for (int at = responder; at != 0; at = parent.get(at)) {
        expected[at]++;
      }
    }
    for (int i = 0; i < c.n(); i++) {
      Stats.Traffic t = nodes.get(i).stats().traffic().get(FloodingMessages.Push.TYPE.name());
      assertThat(t == null ? 0 : t.received()).as("pushes received by %d", i).isEqualTo(expected[i]);
    }
  }

  private static FloodingRouting routing(SimNode n) {
    return (FloodingRouting) n.engine().routingStrategy();
  }
}
