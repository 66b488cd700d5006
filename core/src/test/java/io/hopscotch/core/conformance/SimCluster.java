package io.hopscotch.core.conformance;

import io.hopscotch.core.Address;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A cluster inside the deterministic simulator, with every message encoded and decoded on the way. */
public final class SimCluster implements TestCluster {

  private final ConformanceProfile profile;
  private final Simulation sim;
  private final List<Node> nodes = new ArrayList<>();
  private int created;

  private SimCluster(ConformanceProfile profile, long seed) {
    this.profile = profile;
    this.sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 100)).encodeMessages(true).build();
  }

  /** Starts {@code size} simulated nodes, joining each through the profile's bootstrap. */
  public static SimCluster start(ConformanceProfile profile, int size, long seed) {
    SimCluster c = new SimCluster(profile, seed);
    for (int i = 0; i < size; i++) {
      c.addNode();
    }
    return c;
  }

  /** The simulation, for strategy-specific checks. */
  public Simulation simulation() {
    return sim;
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public Node addNode() {
    NodeOptions o = profile.options(created++);
    List<Address> existing = nodes.stream().map(n -> n.self().address()).toList();
    SimNode n = sim.addNode(o);
    sim.await(n.join(profile.bootstrap(existing)));
    nodes.add(n);
    return n;
  }

  @Override
  public void crash(Node node) {
    nodes.remove(node);
    sim.crash((SimNode) node);
  }

  @Override
  public void leave(Node node) {
    nodes.remove(node);
    sim.await(node.leave());
    sim.await(node.close());
  }

  @Override
  public <T> T await(Future<T> future) {
    return sim.await(future);
  }

  @Override
  public void settle(Duration d) {
    sim.runFor(d.toMillis());
  }

  @Override
  public Long traceHash() {
    return sim.traceHash();
  }

  @Override
  public void close() {
    sim.close();
  }
}
