package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Supernodes on the simulator: firewalled holders, promotion under load, re-attach after a supernode dies. */
class SupernodeClusterTest {

  private static NodeOptions options(boolean firewalled, int ratio) {
    return new NodeOptions().setRouting(SupernodeProvider.NAME).setFirewalled(firewalled)
        .setRoutingOptions(Map.of("ratio", Integer.toString(ratio), "maintain-ms", "1000"));
  }

  private static SupernodeRouting routing(SimNode n) {
    return (SupernodeRouting) n.engine().routingStrategy();
  }

  private static List<SimNode> cluster(Simulation sim, int n, int ratio, List<Integer> firewalled) {
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SimNode node = sim.addNode(options(firewalled.contains(i), ratio));
      sim.await(node.join(i == 0 ? List.of() : List.of(nodes.get(0).address())));
      nodes.add(node);
    }
    sim.runFor(10_000);
    return nodes;
  }

  @Test
  void aFirewalledNodeIsNeverASupernodeAndItsItemsAreRelayedByItsSupernode() {
    try (Simulation sim = Simulation.builder().seed(21).build()) {
      List<SimNode> nodes = cluster(sim, 20, 2, List.of(5, 6, 7));
      SimNode holder = nodes.get(6);
      assertThat(routing(holder).isSupernode()).isFalse();
      assertThat(routing(holder).score()).isZero();
      sim.await(holder.put("behind-nat", "x".getBytes(StandardCharsets.UTF_8)));
      sim.runFor(2_000);
      for (SimNode reader : List.of(nodes.get(1), nodes.get(19), nodes.get(7))) {
        assertThat(sim.await(reader.get("behind-nat")).valueAsString()).as("read by %s", reader).contains("x");
      }
    }
  }

  @Test
  void loadPromotesSupernodesAndTheirDeathMovesTheirNodesElsewhere() {
    try (Simulation sim = Simulation.builder().seed(22).build()) {
      List<SimNode> nodes = cluster(sim, 30, 3, List.of());
      long supers = nodes.stream().filter(n -> routing(n).isSupernode()).count();
      assertThat(supers).as("supernodes elected for 30 nodes at ratio 3").isGreaterThanOrEqualTo(3);
      for (SimNode n : nodes) {
        assertThat(routing(n).attachedNodes().size()).as("load of %s", n).isLessThanOrEqualTo(2 * 3);
      }
      sim.await(nodes.get(29).put("survivor", "y".getBytes(StandardCharsets.UTF_8)));
      SimNode victim = nodes.stream().filter(n -> routing(n).isSupernode() && !routing(n).attachedNodes().isEmpty())
          .findFirst().orElseThrow();
      List<io.hopscotch.core.Peer> orphans = routing(victim).attachedNodes();
      sim.crash(victim);
      sim.runFor(10_000);
      for (io.hopscotch.core.Peer p : orphans) {
        SimNode o = sim.liveNodes().stream().filter(n -> n.id().equals(p.id())).findFirst().orElseThrow();
        SupernodeRouting r = routing(o);
        assertThat(r.isSupernode() || (r.attachedTo() != null && !r.attachedTo().id().equals(victim.id())))
            .as("%s moved off the dead supernode", o).isTrue();
      }
      assertThat(sim.await(nodes.get(1).get("survivor")).valueAsString()).contains("y");
    }
  }
}
