package io.hopscotch.search.flooding;

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

/** A flooding node runs at most {@link QueryRouter#MAX_QUERIES} queries at once; more fail at once, and room returns. */
class QueryRouterBoundTest {

  @Test
  void queriesBeyondTheBoundFailAtOnceWithTheReason() {
    try (Simulation sim = Simulation.builder().seed(3).build()) {
      SimNode node = sim.addNode(new NodeOptions().setRouting(FloodingProvider.NAME).setRoutingOptions(Map.of("rewire-ms", "0")));
      sim.await(node.join(List.of()));
      List<Future<List<SearchHit>>> running = new ArrayList<>();
      for (int i = 0; i < QueryRouter.MAX_QUERIES; i++) {
        running.add(node.search("nothing-" + i, 10, Duration.ofSeconds(5)));
      }
      Future<List<SearchHit>> refused = node.search("one-too-many", 10, Duration.ofSeconds(5));
      sim.runFor(10);

      assertThat(refused.failed()).isTrue();
      assertThat(refused.cause()).hasMessageContaining("too many queries running").hasMessageContaining("1024");
      assertThat(running).noneMatch(Future::isComplete);
      assertThat(node.stats().counter("flooding.queries_refused")).isEqualTo(1);

      sim.runFor(6_000);
      assertThat(running).allMatch(Future::succeeded);
      assertThat(sim.await(node.search("after", 10, Duration.ofMillis(500)))).isEmpty();
    }
  }
}
