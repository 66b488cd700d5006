package io.hopscotch.chord;

import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A simulated Chord network for the property tests, with the global view the checks need. */
final class ChordSimRing implements AutoCloseable {

  final Simulation sim;
  final List<SimNode> nodes = new ArrayList<>();
  private final Map<String, String> options;

  ChordSimRing(long seed, Map<String, String> extraOptions) {
    this.sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 50)).build();
    Map<String, String> o = new HashMap<>(ChordTestProfile.fastOptions());
    o.putAll(extraOptions);
    this.options = o;
  }

  /** Adds a node and joins it through the live node picked by {@code pick} (alone if it is the first). */
  SimNode join(int pick) {
    List<SimNode> live = live();
    SimNode n = sim.addNode(new NodeOptions().setRouting("chord").setTransfer("none").setRoutingOptions(options));
    sim.await(n.join(live.isEmpty() ? List.of() : List.of(live.get(Math.floorMod(pick, live.size())).address())));
    nodes.add(n);
    return n;
  }

  /**
   * Adds {@code count} nodes at once, each joining through a random live node, and waits until every
   * join has completed (the ring is then still converging: no maintenance time has passed).
   */
  List<SimNode> joinBurst(int count, java.util.Random random) {
    List<SimNode> live = live();
    List<io.vertx.core.Future<Void>> joins = new ArrayList<>();
    List<SimNode> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimNode n = sim.addNode(new NodeOptions().setRouting("chord").setTransfer("none").setRoutingOptions(options));
      joins.add(n.join(List.of(live.get(random.nextInt(live.size())).address())));
      added.add(n);
    }
    sim.await(io.vertx.core.Future.all(joins));
    nodes.addAll(added);
    return added;
  }

  List<SimNode> live() {
    return nodes.stream().filter(SimNode::isAlive).toList();
  }

  static ChordRouting chord(SimNode n) {
    return (ChordRouting) n.engine().routingStrategy();
  }

  /** Live node ids in ring order. */
  TreeMap<Key, SimNode> ring() {
    TreeMap<Key, SimNode> m = new TreeMap<>();
    for (SimNode n : live()) {
      m.put(n.id(), n);
    }
    return m;
  }

  /** The live node that owns {@code key}: the first at or after it, clockwise. */
  Key successorOf(Key key) {
    TreeMap<Key, SimNode> r = ring();
    Key k = r.ceilingKey(key);
    return k != null ? k : r.firstKey();
  }

  void settle(long millis) {
    sim.runFor(millis);
  }

  @Override
  public void close() {
    sim.close();
  }
}
