package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.Stats;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Supernode invariants over random networks and crash sets, with shrinking: once maintenance has run,
 * every live ordinary node is attached to a live supernode that lists it; the supernodes form one
 * connected overlay in which each holds at least its degree of links (or links to all the others);
 * no node that was never a supernode sent query traffic; and a search from any node finds every live
 * item.
 */
class SupernodePropertyTest {

  private static final int DEGREE = 3;
  private static final List<String> QUERY_TYPES = List.of("supernode.query", "supernode.query_hit");

  @Test
  void ordinaryNodesStayAttachedSupernodesStayConnectedAndOnlySupernodesCarryQueries() {
    qt().withExamples(40).withShrinkCycles(40)
        .forAll(integers().between(2, 40), integers().between(1, 6), integers().between(0, 3), longs().all())
        .checkAssert(SupernodePropertyTest::check);
  }

  private static SupernodeRouting routing(SimNode n) {
    return (SupernodeRouting) n.engine().routingStrategy();
  }

  private static String describe(List<SimNode> live) {
    StringBuilder b = new StringBuilder();
    for (SimNode x : live) {
      SupernodeRouting s = routing(x);
      b.append("\n  ").append(x.index()).append(s.isSupernode() ? " super links=" + s.supernodeLinks() + " attached=" + s.attachedNodes()
          : " ordinary attachedTo=" + s.attachedTo()).append(" records=").append(x.storedRecords());
    }
    return b.toString();
  }

  private static void check(int n, int ratio, int crashes, long seed) {
    Random r = new Random(seed);
    try (Simulation sim = Simulation.builder().seed(seed).build()) {
      NodeOptions o = new NodeOptions().setRouting(SupernodeProvider.NAME)
          .setRoutingOptions(Map.of("ratio", Integer.toString(ratio), "maintain-ms", "1000", "ttl", "8", "degree",
          Integer.toString(DEGREE)));
      List<SimNode> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        SimNode node = sim.addNode(o);
        sim.await(node.join(i == 0 ? List.of() : List.of(nodes.get(r.nextInt(i)).address())));
        nodes.add(node);
      }
      sim.runFor(10_000);
      Set<Integer> everSuper = new HashSet<>();
      // crash some supernodes (the interesting failures), then let maintenance repair
      List<SimNode> supers = nodes.stream().filter(x -> routing(x).isSupernode()).toList();
      for (int i = 0; i < crashes && i < supers.size() && sim.liveNodes().size() > 1; i++) {
        supers.forEach(x -> everSuper.add(x.index()));
        sim.crash(supers.get(r.nextInt(supers.size())));
      }
      for (int round = 0; round < 20; round++) {
        sim.runFor(1_000);
        sim.liveNodes().stream().filter(x -> routing(x).isSupernode()).forEach(x -> everSuper.add(x.index()));
      }
      List<SimNode> live = sim.liveNodes();
      Set<Key> liveSupers = new HashSet<>();
      live.stream().filter(x -> routing(x).isSupernode()).forEach(x -> liveSupers.add(x.id()));
      assertThat(liveSupers).as("at least one live supernode").isNotEmpty();
      // the overlay among supernodes is one component, and each supernode holds its own links
      SupernodeGraph graph = new SupernodeGraph(live);
      assertThat(graph.components()).as("components of the supernode overlay in %s", describe(live)).isEqualTo(1);
      for (SimNode x : live) {
        if (routing(x).isSupernode()) {
          assertThat(graph.neighbours(x.id()).size()).as("links of supernode %s in %s", x, describe(live))
              .isGreaterThanOrEqualTo(Math.min(DEGREE, liveSupers.size() - 1));
        }
      }
      for (SimNode x : live) {
        SupernodeRouting s = routing(x);
        if (!s.isSupernode()) {
          assertThat(s.attachedTo()).as("%s attached", x).isNotNull();
          assertThat(liveSupers).as("%s attached to a live supernode", x).contains(s.attachedTo().id());
          SimNode sn = live.stream().filter(y -> y.id().equals(s.attachedTo().id())).findFirst().orElseThrow();
          assertThat(routing(sn).attachedNodes()).as("supernode of %s lists it", x).contains(x.self());
        }
      }
      for (SimNode x : sim.nodes()) {
        if (!everSuper.contains(x.index())) {
          Map<String, Stats.Traffic> t = x.stats().traffic();
          for (String type : QUERY_TYPES) {
            assertThat(t.containsKey(type) ? t.get(type).sent() : 0).as("%s sent by ordinary %s", type, x).isZero();
          }
        }
      }
      // every live node's item is found from a live node
      Set<Key> expected = new HashSet<>();
      for (SimNode x : live) {
        sim.await(x.put("item-" + x.index(), "v".getBytes(StandardCharsets.UTF_8), new PutOptions().setKeywords(List.of("w"))));
        expected.add(Key.sha1("item-" + x.index()));
      }
      sim.runFor(3_000);
      SimNode searcher = live.get(r.nextInt(live.size()));
      List<SearchHit> hits = sim.await(searcher.search("w", 1000, Duration.ofSeconds(5)));
      assertThat(hits.stream().map(SearchHit::key).toList()).as("search from %s in %s", searcher, describe(live)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
