package io.hopscotch.core.spi;

/**
 * Makes routing strategies of one name; found with {@link java.util.ServiceLoader}, so adding a
 * strategy module to the class path makes its name usable in {@code NodeOptions.setRouting}.
 */
public interface RoutingStrategyProvider {

  /** The routing name. */
  String name();

  /**
   * A new strategy for one node.
   *
   * @throws IllegalArgumentException for unknown or invalid options
   */
  RoutingStrategy create(StrategyOptions options);

  /**
   * Routing options a tool that starts a whole cluster of this strategy (the demo, the simulator
   * command, the conformance kit) gives to the node with this index, e.g. node 0 runs the central
   * index server. Default: none.
   *
   * @param index the node's position in join order, from 0
   */
  default java.util.Map<String, String> clusterOptions(int index) {
    return java.util.Map.of();
  }

  /**
   * How many leading nodes of such a cluster are infrastructure that serves others and holds no
   * application data of its own (the central index server). Default 0.
   */
  default int infrastructureNodes() {
    return 0;
  }
}
