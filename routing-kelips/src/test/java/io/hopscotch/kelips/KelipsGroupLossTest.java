package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A group that loses its only member. Its items then live in the next group: at once when the member
 * leaves gracefully (it hands its tuples over and says the group is empty), and after the failure window
 * when it crashes (the publishers put their items there again; what only the crashed node held is gone).
 */
class KelipsGroupLossTest {

  private static final long FAILURE_TIMEOUT_MS = 5_000;
  private static final Map<String, String> OPTIONS = Map.of("groups", "2", "gossip-ms", "500",
      "failure-timeout-ms", Long.toString(FAILURE_TIMEOUT_MS), "sync-rounds", "4");

  private final Simulation sim = Simulation.builder().seed(7).latency(LatencyModel.coordinates(7, 50)).build();
  private final List<SimNode> nodes = new ArrayList<>();
  /** Key → publisher index. */
  private final Map<String, Integer> publisher = new LinkedHashMap<>();
  private SimNode lone;

  /** Four nodes in group 0, one (the last) alone in group 1; twelve items from all five. */
  private void start() {
    Random random = new Random(7);
    AffinityGroups groups = new AffinityGroups(2);
    for (int i = 0; i < 5; i++) {
      int group = i < 4 ? 0 : 1;
      Identity id = Identity.generate(random);
      while (groups.groupOf(id.id()) != group) {
        id = Identity.generate(random);
      }
      SimNode n = sim.addNode(new NodeOptions().setRouting(KelipsProvider.NAME).setRoutingOptions(OPTIONS).setIdentity(id));
      sim.await(n.join(i == 0 ? List.of() : List.of(nodes.get(0).address())));
      nodes.add(n);
    }
    lone = nodes.get(4);
    sim.runFor(20_000);
    for (int i = 0; i < 12; i++) {
      String k = "item-" + i;
      sim.await(nodes.get(i % 5).put(k, value(k)));
      publisher.put(k, i % 5);
    }
    sim.runFor(10_000);
    assertThat(publisher.keySet().stream().filter(k -> groups.groupOf(Key.sha1(k)) == 1)).as("items of the lone node's group")
        .isNotEmpty();
  }

  private static byte[] value(String k) {
    return ("value of " + k).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theLastMemberLeavingHandsItsItemsToTheNextGroup() {
    start();
    sim.await(lone.leave());
    sim.await(lone.close());
    sim.runFor(2_000); // well inside the failure window: nothing waits for it
    for (SimNode reader : nodes.subList(0, 4)) {
      for (String k : publisher.keySet()) {
        GetResult r = sim.await(reader.get(k));
        assertThat(r.valueAsString()).as("get %s from %s", k, reader.self()).contains("value of " + k);
      }
    }
    assertThat(sim.aggregateStats().counter("kelips.tuples.handedOff")).isPositive();
  }

  @Test
  void afterTheLastMemberCrashedItsPublishersPlaceTheirItemsInTheNextGroup() {
    start();
    sim.crash(lone);
    sim.runFor(2 * FAILURE_TIMEOUT_MS + 20_000);
    AffinityGroups groups = new AffinityGroups(2);
    for (SimNode reader : nodes.subList(0, 4)) {
      for (Map.Entry<String, Integer> e : publisher.entrySet()) {
        String k = e.getKey();
        GetResult r = sim.await(reader.get(k));
        if (e.getValue() == 4 && groups.groupOf(Key.sha1(k)) == 1) {
          continue; // published by the crashed node in its own group: no one else ever held it
        }
        assertThat(r.valueAsString()).as("get %s from %s", k, reader.self()).contains("value of " + k);
      }
    }
  }
}
