package io.hopscotch.kelips;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;

/**
 * Provides Kelips ({@value #NAME}). Options: {@code groups} or {@code expected-size}, {@code contacts},
 * {@code gossip-ms}, {@code gossip-bytes}, {@code fanout}, {@code failure-timeout-ms},
 * {@code inline-values}, {@code inline-max-bytes}, {@code sync-rounds}, {@code republish-ms},
 * {@code max-tuples}; see {@link KelipsOptions}. Every node of one overlay must use the same number of
 * groups: a join through a node with another k fails with a message saying so.
 */
public final class KelipsProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "kelips";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new Kelips strategy.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new KelipsRouting(KelipsOptions.parse(options));
  }
}
