package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The participation score falls at runtime: a supernode that gets more queries than it can handle
 * scores below the demotion threshold, steps down, and its ordinary nodes re-attach to the other
 * supernodes and upload their listings again, so every item stays findable.
 */
class SupernodeDemotionTest {

  private static NodeOptions options(String role, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("role", role, "ratio", "4", "maintain-ms", "1000"));
    o.putAll(extra);
    return new NodeOptions().setRouting(SupernodeProvider.NAME).setRoutingOptions(o);
  }

  private static SupernodeRouting routing(SimNode n) {
    return (SupernodeRouting) n.engine().routingStrategy();
  }

  @Test
  void anOverloadedSupernodeStepsDownAndItsNodesReattachWithNothingLost() {
    try (Simulation sim = Simulation.builder().seed(31).build()) {
      // the first node is a supernode by election (role auto) that can handle 2 queries per second
      SimNode busy = sim.addNode(options("auto", Map.of("max-query-rate", "2")));
      sim.await(busy.join(List.of()));
      List<SimNode> children = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        SimNode c = sim.addNode(options("ordinary", Map.of()));
        sim.await(c.join(List.of(busy.address())));
        sim.await(c.put("item-" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        children.add(c);
      }
      List<SimNode> others = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SimNode s = sim.addNode(options("super", Map.of()));
        sim.await(s.join(List.of(busy.address())));
        others.add(s);
      }
      sim.runFor(10_000);
      assertThat(routing(busy).isSupernode()).as("idle, it stays a supernode").isTrue();
      assertThat(routing(busy).attachedNodes()).hasSize(8);
      int idleScore = routing(busy).score();
      assertThat(idleScore).as("above the default demotion threshold, 0.35").isGreaterThanOrEqualTo(350);

      // its nodes search about 8 times a second for 6 s: four times what it can handle
      for (int round = 0; round < 48 && routing(busy).isSupernode(); round++) {
        children.get(round % children.size()).search("nothing-" + round, 5, Duration.ofMillis(500));
        sim.runFor(125);
      }
      assertThat(routing(busy).isSupernode()).as("overloaded, it stepped down").isFalse();
      assertThat(busy.stats().counter("supernode.demotions")).isEqualTo(1);

      sim.runFor(5_000);
      for (SimNode c : children) {
        Peer at = routing(c).attachedTo();
        assertThat(at).as("%s re-attached", c).isNotNull();
        SimNode sn = sim.liveNodes().stream().filter(n -> n.id().equals(at.id())).findFirst().orElseThrow();
        assertThat(routing(sn).isSupernode()).as("%s attached to a live supernode", c).isTrue();
        assertThat(routing(sn).attachedNodes()).as("%s listed by its supernode", c).contains(c.self());
      }
      for (int i = 0; i < children.size(); i++) {
        SimNode reader = children.get((i + 3) % children.size());
        assertThat(sim.await(reader.get("item-" + i)).valueAsString()).as("item-%d after the demotion", i).contains("v" + i);
      }
    }
  }
}
