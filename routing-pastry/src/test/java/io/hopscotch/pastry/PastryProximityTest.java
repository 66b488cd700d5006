package io.hopscotch.pastry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proximity neighbour selection against global knowledge: after nodes join in concurrent waves and
 * maintenance has run, each first-row slot should hold a node about as near as the nearest node that
 * qualifies for it (the slots that matter most for route stretch), and much nearer than without
 * proximity.
 */
class PastryProximityTest {

  private static final int NODES = 200;

  @Test
  void firstRowEntriesAreNearlyTheNearestCandidates() {
    double[] on = firstRowLatency(true);
    double[] off = firstRowLatency(false);
    // on[0] held, on[1] nearest possible (same network, so the same nearest figure)
    assertThat(on[0]).as("held %.2f ms against nearest %.2f ms", on[0] / 1000, on[1] / 1000).isLessThan(1.3 * on[1]);
    assertThat(off[0]).isGreaterThan(1.5 * on[0]);
  }

  /** Mean one-way latency (µs) to held row-0 entries and to the nearest qualifying node, over every node. */
  private static double[] firstRowLatency(boolean proximity) {
    Map<String, String> opts = Map.of(PastryConfig.PROXIMITY, Boolean.toString(proximity),
        PastryConfig.TABLE_PERIOD, "60000");
    try (Simulation sim = Simulation.builder().seed(7).latency(LatencyModel.coordinates(7, 100)).build()) {
      List<SimNode> nodes = StretchDiagnosis.build(sim, NODES, 40, opts, new Random(7));
      sim.runFor(300_000);
      double held = 0;
      double nearest = 0;
      for (SimNode x : nodes) {
        Key self = x.self().id();
        long[] best = new long[16];
        Arrays.fill(best, Long.MAX_VALUE);
        for (SimNode y : nodes) {
          if (y != x && self.sharedPrefixDigits(y.self().id(), 4) == 0) {
            int d = y.self().id().digit(0, 4);
            best[d] = Math.min(best[d], sim.latency().oneWayMicros(x.index(), y.index()));
          }
        }
        PastryRouting st = (PastryRouting) x.engine().routingStrategy();
        for (int d = 0; d < 16; d++) {
          Peer e = st.routingTableEntry(0, d);
          if (e != null) {
            SimNode y = nodes.stream().filter(n -> n.self().id().equals(e.id())).findFirst().orElseThrow();
            held += sim.latency().oneWayMicros(x.index(), y.index());
            nearest += best[d];
          }
        }
      }
      return new double[] {held, nearest};
    }
  }
}
