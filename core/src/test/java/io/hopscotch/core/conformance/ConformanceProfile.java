package io.hopscotch.core.conformance;

import io.hopscotch.core.Address;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.impl.Strategies;
import java.time.Duration;
import java.util.List;

/**
 * What the conformance kit needs to know about a strategy to run its behaviours: how to configure
 * each node, which leading nodes are infrastructure (an index server) that only serves, and what the
 * strategy promises about data when nodes leave or crash.
 */
public interface ConformanceProfile {

  /** The routing name. */
  String routing();

  /** Options of the node with this index (0-based, in join order). Host, port and seed are set by the cluster. */
  default NodeOptions options(int index) {
    return new NodeOptions().setRouting(routing()).setRoutingOptions(Strategies.routing(routing()).clusterOptions(index));
  }

  /**
   * Number of leading nodes that only serve (e.g. the central index server): they are never used for
   * put/get, never leave and never crash in the kit.
   */
  default int infrastructureNodes() {
    return Strategies.routing(routing()).infrastructureNodes();
  }

  /** Bootstrap addresses for a new node, given the addresses of the nodes already present (in join order). */
  default List<Address> bootstrap(List<Address> existing) {
    return existing.isEmpty() ? List.of() : List.of(existing.get(0));
  }

  /**
   * True if items stay at the node that published them (central index, flooding, supernodes): the kit
   * then only removes nodes that published nothing it still checks.
   */
  boolean keepsDataAtPublisher();

  /** Crashes of fewer than this many nodes must lose nothing (1: no promise beyond the publisher). */
  default int replicas() {
    return 1;
  }

  /** How long maintenance needs after a membership change before everything is consistent again. */
  default Duration settleTime() {
    return Duration.ofSeconds(5);
  }
}
