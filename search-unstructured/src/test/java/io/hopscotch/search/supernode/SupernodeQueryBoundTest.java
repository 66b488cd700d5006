package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A supernode runs at most {@link SupernodeOverlay#MAX_QUERIES} queries at once; more fail at once, and room returns. */
class SupernodeQueryBoundTest {

  @Test
  void queriesBeyondTheBoundFailAtOnceWithTheReason() {
    try (Simulation sim = Simulation.builder().seed(4).build()) {
      SimNode node = sim.addNode(new NodeOptions().setRouting(SupernodeProvider.NAME).setRoutingOptions(Map.of("role", "super")));
      sim.await(node.join(List.of()));
      sim.runFor(1_000);
      assertThat(((SupernodeRouting) node.engine().routingStrategy()).isSupernode()).isTrue();
      List<Future<List<SearchHit>>> running = new ArrayList<>();
      for (int i = 0; i < SupernodeOverlay.MAX_QUERIES; i++) {
        running.add(node.search("nothing-" + i, 10, Duration.ofSeconds(5)));
      }
      Future<List<SearchHit>> refused = node.search("one-too-many", 10, Duration.ofSeconds(5));
      sim.runFor(10);

      assertThat(refused.failed()).isTrue();
      assertThat(refused.cause()).hasMessageContaining("too many queries").hasMessageContaining("1024");
      assertThat(running).noneMatch(Future::isComplete);
      assertThat(node.stats().counter("supernode.queries_refused")).isEqualTo(1);

      sim.runFor(10_000);
      assertThat(running).allMatch(Future::succeeded);
      assertThat(sim.await(node.search("after", 10, Duration.ofMillis(500)))).isEmpty();
    }
  }
}
