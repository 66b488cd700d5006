package io.hopscotch.search.supernode;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;

/**
 * Provides FastTrack-style supernodes ({@value #NAME}). Options: {@code role}, {@code ratio},
 * {@code capacity}, {@code threshold}, {@code bandwidth}, {@code degree}, {@code ttl},
 * {@code maintain-ms}, {@code full-uptime-ms}, {@code get-timeout-ms}, {@code get-limit},
 * {@code seen-max}, {@code seen-ms}; see {@link SupernodeOptions}. Supernodes are elected at run
 * time, so a cluster needs no infrastructure: the first node starts as the only supernode.
 */
public final class SupernodeProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "supernode";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new supernode strategy.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new SupernodeRouting(SupernodeOptions.parse(options));
  }
}
