package io.hopscotch.search.supernode;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the supernode overlay of a network built as the {@code simulate} command builds it (one
 * join at a time through a random earlier node, then 30 s of maintenance). Runs only when the system
 * property {@code supernode.diag} gives the network size, since it takes minutes at 10,000 nodes;
 * {@code supernode.diag.options} adds routing options as {@code name=value,name=value}.
 */
@EnabledIfSystemProperty(named = "supernode.diag", matches = "\\d+")
class SupernodeOverlayDiagnostic {


  @Test
  void describeOverlay() {
    int n = Integer.getInteger("supernode.diag");
    Map<String, String> opts = new HashMap<>();
    String extra = System.getProperty("supernode.diag.options", "");
    for (String kv : extra.split(",")) {
      if (kv.contains("=")) {
        opts.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    SupernodeOptions parsed = SupernodeOptions.parse(io.hopscotch.core.spi.StrategyOptions.of(opts));
    Random r = new Random(1);
    try (Simulation sim = Simulation.builder().seed(1).latency(LatencyModel.coordinates(1, 100)).build()) {
      NodeOptions o = new NodeOptions().setRouting(SupernodeProvider.NAME).setRoutingOptions(opts);
      List<SimNode> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        SimNode node = sim.addNode(o);
        sim.await(node.join(i == 0 ? List.of() : List.of(nodes.get(r.nextInt(i)).address())));
        nodes.add(node);
        if ((i + 1) % (n / 4) == 0) {
          System.out.printf("after %d joins: %s%n", i + 1, new SupernodeGraph(sim.liveNodes()).describe(parsed.ttl(), 100, r));
        }
      }
      for (int round = 0; round < 3; round++) {
        sim.runFor(10_000);
        System.out.printf("settled %d s: %s%n", 10 * (round + 1), new SupernodeGraph(sim.liveNodes()).describe(parsed.ttl(), 200, r));
      }
      SupernodeGraph g = new SupernodeGraph(sim.liveNodes());
      for (int ttl = 2; ttl <= 8; ttl++) {
        System.out.printf("ttl %d: %s%n", ttl, g.describe(ttl, 200, r));
      }
    }
  }
}
