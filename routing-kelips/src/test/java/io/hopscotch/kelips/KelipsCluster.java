package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** A simulated Kelips cluster for property and cluster tests, with the converged answers to compare against. */
final class KelipsCluster implements AutoCloseable {

  final Simulation sim;
  final List<SimNode> nodes = new ArrayList<>();
  final int groups;
  final Random random;
  /** Item key → the publishing node. */
  final Map<String, SimNode> published = new HashMap<>();

  private KelipsCluster(long seed, int groups) {
    this.sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 50)).build();
    this.groups = groups;
    this.random = new Random(seed);
  }

  /**
   * Starts {@code n} nodes with fast gossip (500 ms rounds, 5 s failure timeout, republish every 10 s),
   * each joining through node 0, and lets gossip settle.
   */
  static KelipsCluster start(int n, int groups, long seed, boolean inline) {
    KelipsCluster c = new KelipsCluster(seed, groups);
    Map<String, String> o = Map.of("groups", Integer.toString(groups), "gossip-ms", "500", "failure-timeout-ms", "5000",
        "republish-ms", "10000", "sync-rounds", "4", "inline-values", Boolean.toString(inline));
    for (int i = 0; i < n; i++) {
      SimNode node = c.sim.addNode(new NodeOptions().setRouting("kelips").setRoutingOptions(o));
      c.sim.await(node.join(i == 0 ? List.of() : List.of(c.nodes.get(0).address())));
      c.nodes.add(node);
    }
    c.sim.runFor(20_000);
    return c;
  }

  static KelipsRouting routing(SimNode n) {
    return (KelipsRouting) n.engine().routingStrategy();
  }

  List<SimNode> live() {
    return nodes.stream().filter(SimNode::isAlive).toList();
  }

  int groupOf(Key id) {
    return id.mod(groups);
  }

  /** Live nodes of group {@code g}. */
  Set<Key> liveMembers(int g) {
    Set<Key> out = new HashSet<>();
    for (SimNode n : live()) {
      if (groupOf(n.self().id()) == g) {
        out.add(n.self().id());
      }
    }
    return out;
  }

  /** The home group every node agrees on once views converged: the first group from key mod k with a live member. */
  int convergedHome(Key key) {
    int g = key.mod(groups);
    for (int i = 0; i < groups; i++) {
      int c = (g + i) % groups;
      if (!liveMembers(c).isEmpty()) {
        return c;
      }
    }
    throw new IllegalStateException("no live node");
  }

  /** Puts {@code count} items, each from a random live node, and returns their keys. */
  List<String> putItems(int count) {
    List<String> keys = new ArrayList<>();
    List<SimNode> live = live();
    for (int i = 0; i < count; i++) {
      String k = "item-" + i;
      SimNode p = live.get(random.nextInt(live.size()));
      sim.await(p.put(k, value(k)));
      published.put(k, p);
      keys.add(k);
    }
    return keys;
  }

  static byte[] value(String key) {
    return ("value of " + key).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    sim.close();
  }
}
