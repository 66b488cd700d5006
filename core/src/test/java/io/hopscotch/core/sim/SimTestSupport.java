package io.hopscotch.core.sim;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.spi.StrategyContext;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the simulator tests. */
final class SimTestSupport {

  private SimTestSupport() {
  }

  /** Options for a node without transfer. */
  static NodeOptions options() {
    return new NodeOptions().setTransfer("none");
  }

  /** Adds a node running the flat test strategy, restartable. */
  static SimNode flatNode(Simulation sim, long gossipMillis, long jitterMillis) {
    return sim.addNode(options(), () -> new FlatTestStrategy(gossipMillis, jitterMillis), () -> null);
  }

  /** Adds {@code n} flat nodes and joins each through node 0. */
  static List<SimNode> cluster(Simulation sim, int n, long gossipMillis, long jitterMillis) {
    List<SimNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SimNode node = flatNode(sim, gossipMillis, jitterMillis);
      sim.await(node.join(i == 0 ? List.of() : List.of(out.get(0).address())));
      out.add(node);
    }
    sim.runFor(1_000); // let the last announcements arrive
    return out;
  }

  /** The strategy context of a flat node. */
  static StrategyContext ctx(SimNode node) {
    return ((FlatTestStrategy) node.engine().routingStrategy()).context();
  }
}
