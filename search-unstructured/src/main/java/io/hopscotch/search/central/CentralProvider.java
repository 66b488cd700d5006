package io.hopscotch.search.central;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;

/**
 * Provides the central index ({@value #NAME}). Options: {@code index-server}, {@code standby},
 * {@code primary}, {@code lease-ms}, {@code max-entries}, {@code max-entries-per-client},
 * {@code probe-bytes}; see {@link CentralOptions}.
 */
public final class CentralProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "central";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new central index strategy.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new CentralIndex(CentralOptions.parse(options));
  }

  /**
   * In a cluster laid out by a tool, node 0 is the index server and every other node a client that
   * joins through it.
   *
   * @param index the node's position in join order, from 0
   */
  @Override
  public Map<String, String> clusterOptions(int index) {
    return index == 0 ? Map.of("index-server", "true") : Map.of();
  }

  /** One: the index server serves others and holds no application data in a tool's cluster. */
  @Override
  public int infrastructureNodes() {
    return 1;
  }
}
