package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/**
 * The participation score falls at runtime: a supernode that gets more queries than it can handle
 * scores below the demotion threshold, steps down, and its ordinary nodes re-attach to the other
 * supernodes and upload their listings again, so every item stays findable; the queries running
 * on it when it steps down still complete, floods that reach it afterwards are answered from its
 * old listings, and its nodes' searches that reach it afterwards are retried through their new
 * supernode.
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

  /**
   * {@code count} ordinary nodes joined through {@code via}, node i sharing key {@code prefix + i} with
   * value {@code valuePrefix + i} and the key without its dash as keyword.
   */
  private static List<SimNode> sharingNodes(Simulation sim, SimNode via, int count, String prefix, String valuePrefix) {
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimNode c = sim.addNode(options("ordinary", Map.of()));
      sim.await(c.join(List.of(via.address())));
      sim.await(c.put(prefix + i, (valuePrefix + i).getBytes(StandardCharsets.UTF_8),
          new PutOptions().setKeywords(List.of(prefix.replace("-", "") + i))));
      nodes.add(c);
    }
    return nodes;
  }

  /** {@code count} supernodes by role, joined through {@code via}. */
  private static List<SimNode> supernodes(Simulation sim, SimNode via, int count) {
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimNode s = sim.addNode(options("super", Map.of()));
      sim.await(s.join(List.of(via.address())));
      nodes.add(s);
    }
    return nodes;
  }

  @Test
  void anOverloadedSupernodeStepsDownAndItsNodesReattachWithNothingLost() {
    try (Simulation sim = Simulation.builder().seed(31).build()) {
      // the first node is a supernode by election (role auto) that can handle 2 queries per second
      SimNode busy = sim.addNode(options("auto", Map.of("max-query-rate", "2")));
      sim.await(busy.join(List.of()));
      List<SimNode> children = sharingNodes(sim, busy, 8, "item-", "v");
      List<SimNode> others = supernodes(sim, busy, 2);
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

  /** What a get or search was started for, and its future. */
  private record Pending(String what, String expected, Future<?> future) {
  }

  @Test
  void queriesInFlightWhenASupernodeStepsDownStillCompleteWithTheRightResults() {
    try (Simulation sim = Simulation.builder().seed(31).build()) {
      SimNode busy = sim.addNode(options("auto", Map.of("max-query-rate", "2")));
      sim.await(busy.join(List.of()));
      List<SimNode> children = sharingNodes(sim, busy, 8, "near-", "n");
      // items also held behind the other supernodes, so answers must come back over the overlay
      List<SimNode> others = supernodes(sim, busy, 2);
      List<SimNode> farNodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SimNode far = sim.addNode(options("ordinary", Map.of()));
        farNodes.add(far);
        sim.await(far.join(List.of(others.get(i % 2).address())));
        sim.await(far.put("far-" + i, ("f" + i).getBytes(StandardCharsets.UTF_8), new PutOptions().setKeywords(List.of("far" + i))));
      }
      sim.runFor(10_000);
      assertThat(routing(busy).isSupernode()).isTrue();
      assertThat(routing(busy).attachedNodes()).hasSize(8);

      // gets collect for get-timeout-ms (2 s, more than one holder is allowed), so those of the last 2 s are
      // running when the overloaded supernode steps down; the burst goes on for a second after that
      List<Pending> pending = new ArrayList<>();
      long steppedDownAt = -1;
      for (int round = 0; round < 200 && (steppedDownAt < 0 || sim.now() < steppedDownAt + 1_000); round++) {
        SimNode asker = round % 9 == 8 ? busy : children.get(round % 8);
        String key = (round % 2 == 0 ? "near-" + (round / 2) % 8 : "far-" + (round / 2) % 4);
        String value = (key.startsWith("near") ? "n" : "f") + key.substring(key.indexOf('-') + 1);
        pending.add(new Pending(asker + " get " + key, value, asker.get(key)));
        if (steppedDownAt < 0) {
          // nodes of the other supernodes look for items listed at the busy one: their floods reach it as it steps down
          SimNode farAsker = farNodes.get(round % 4);
          pending.add(new Pending(farAsker + " get near-" + round % 8, "n" + round % 8, farAsker.get("near-" + round % 8)));
        }
        if (round % 4 == 1) {
          pending.add(new Pending(asker + " search " + key, key, asker.search(key.replace("-", ""), 5, Duration.ofSeconds(3))));
        }
        sim.runFor(40);
        if (steppedDownAt < 0 && !routing(busy).isSupernode()) {
          steppedDownAt = sim.now();
        }
      }
      assertThat(steppedDownAt).as("overloaded, it stepped down").isPositive();
      assertThat(busy.stats().counter("supernode.demotions")).isEqualTo(1);
      sim.runFor(5_000);

      for (Pending p : pending) {
        assertThat(p.future().isComplete()).as(p.what()).isTrue();
        assertThat(p.future().succeeded()).as("%s: %s", p.what(), p.future().cause()).isTrue();
        if (p.future().result() instanceof GetResult g) {
          assertThat(g.valueAsString()).as(p.what()).contains(p.expected());
        } else {
          @SuppressWarnings("unchecked")
          List<SearchHit> hits = (List<SearchHit>) p.future().result();
          assertThat(hits).as(p.what()).extracting(SearchHit::key).containsExactly(io.hopscotch.core.Key.sha1(p.expected()));
        }
      }
      assertThat(busy.stats().counter("supernode.handover.queries_kept")).as("queries were running when it stepped down").isPositive();
      assertThat(busy.stats().counter("supernode.handover.queries_finished")).as("and finished after it")
          .isEqualTo(busy.stats().counter("supernode.handover.queries_kept"));
      assertThat(busy.stats().counter("supernode.handover.queries_answered")).as("floods that reached it after it stepped down")
          .isPositive();
      // searches sent to it just before their nodes heard of the move were answered with the move, and retried
      assertThat(busy.stats().counter("supernode.handover.searches_moved")).isPositive();
      assertThat(sim.aggregateStats().counter("supernode.search_retries")).isPositive();
    }
  }
}
