package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A simulated Pastry ring for tests, with the global knowledge to check it against. */
final class PastryTestNetwork implements AutoCloseable {

  final Simulation sim;
  final List<SimNode> nodes = new ArrayList<>();
  final Random random;
  private final Map<String, String> options;

  /**
   * Starts {@code size} nodes joined one after another through a random earlier node.
   *
   * @param options routing options for every node
   */
  PastryTestNetwork(long seed, int size, Map<String, String> options) {
    this.sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 100)).build();
    this.random = new Random(seed);
    this.options = options;
    for (int i = 0; i < size; i++) {
      addNode();
    }
  }

  SimNode addNode() {
    SimNode n = sim.addNode(new NodeOptions().setRouting(PastryProvider.NAME).setRoutingOptions(options));
    List<SimNode> live = live();
    sim.await(n.join(live.isEmpty() ? List.of() : List.of(live.get(random.nextInt(live.size())).address())));
    nodes.add(n);
    return n;
  }

  static PastryRouting strategy(SimNode n) {
    return (PastryRouting) n.engine().routingStrategy();
  }

  List<SimNode> live() {
    return nodes.stream().filter(SimNode::isAlive).toList();
  }

  /** Crashes {@code count} random live nodes. */
  List<SimNode> crash(int count) {
    List<SimNode> live = new ArrayList<>(live());
    List<SimNode> out = new ArrayList<>();
    for (int i = 0; i < count && live.size() > 1; i++) {
      SimNode v = live.remove(random.nextInt(live.size()));
      sim.crash(v);
      out.add(v);
    }
    return out;
  }

  /** The live node numerically closest to {@code key} (ties to the smaller id). */
  Key closestLive(Key key) {
    return live().stream().map(n -> n.self().id()).min(Distance.toKey(key)).orElseThrow();
  }

  /** The true leaf set of {@code n}: up to L/2 live ids each way round the ring, nearest first. */
  List<List<Key>> trueLeafSet(SimNode n, int leafSetSize) {
    Key self = n.self().id();
    List<Key> others = new ArrayList<>(live().stream().map(x -> x.self().id()).filter(k -> !k.equals(self)).toList());
    List<Key> right = new ArrayList<>(others);
    right.sort(Comparator.comparing(self::clockwiseDistance));
    List<Key> left = new ArrayList<>(others);
    left.sort(Comparator.comparing(k -> k.clockwiseDistance(self)));
    int half = leafSetSize / 2;
    return List.of(left.subList(0, Math.min(half, left.size())), right.subList(0, Math.min(half, right.size())));
  }

  static List<Key> ids(List<Peer> peers) {
    return peers.stream().map(Peer::id).toList();
  }

  @Override
  public void close() {
    sim.close();
  }
}
