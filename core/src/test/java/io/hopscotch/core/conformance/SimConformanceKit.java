package io.hopscotch.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance kit on the deterministic simulator, plus reproducibility from the seed. */
public abstract class SimConformanceKit extends RoutingConformanceKit {

  @Override
  protected TestCluster startCluster(ConformanceProfile profile, int size, long seed) {
    return SimCluster.start(profile, size, seed);
  }

  @Override
  protected int clusterSize() {
    return 12;
  }

  /** Runs a fixed workload on a fresh cluster and returns its trace hash and merged stats. */
  private String workload(long seed) {
    try (SimCluster c = SimCluster.start(profile(), clusterSize(), seed)) {
      List<Node> nodes = c.nodes();
      int first = profile().infrastructureNodes();
      for (int i = 0; i < 10; i++) {
        Node n = nodes.get(first + i % (nodes.size() - first));
        c.await(n.put("repro-" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
      }
      c.settle(profile().settleTime());
      for (int i = 0; i < 10; i++) {
        Node n = nodes.get(nodes.size() - 1 - i % (nodes.size() - first));
        c.await(n.get("repro-" + i));
      }
      return c.traceHash() + " " + c.simulation().aggregateStats().toJson().encode();
    }
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    String a = workload(99);
    String b = workload(99);
    assertThat(a).isEqualTo(b);
    assertThat(workload(100)).isNotEqualTo(a);
  }
}
