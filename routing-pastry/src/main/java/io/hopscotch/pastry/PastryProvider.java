package io.hopscotch.pastry;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;

/**
 * Makes {@link PastryRouting} strategies under the routing name {@value #NAME}. Options (all optional):
 * {@code b} (bits per digit, default 4), {@code leafSet} (L, 16), {@code neighbourhood} (M, 32),
 * {@code replicas} (3), {@code leafSetPeriodMillis} (30000), {@code tablePeriodMillis} (600000) and
 * {@code proximity} (true).
 */
public final class PastryProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "pastry";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new strategy.
   *
   * @throws IllegalArgumentException naming an unknown option or an invalid value
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new PastryRouting(PastryConfig.from(options));
  }
}
