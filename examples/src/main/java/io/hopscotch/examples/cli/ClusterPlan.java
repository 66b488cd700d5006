package io.hopscotch.examples.cli;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.RoutingStrategyProvider;

/** How a tool lays out a whole cluster of one routing strategy: per-node options and which nodes hold data. */
final class ClusterPlan {

  private final RoutingStrategyProvider provider;

  ClusterPlan(String routing) {
    this.provider = Strategies.routing(routing);
  }

  /** Options of node {@code index}. */
  NodeOptions options(int index) {
    return new NodeOptions().setRouting(provider.name()).setRoutingOptions(provider.clusterOptions(index));
  }

  /** Index of the first node that puts and gets (nodes before it are infrastructure). */
  int firstDataNode() {
    return provider.infrastructureNodes();
  }
}
