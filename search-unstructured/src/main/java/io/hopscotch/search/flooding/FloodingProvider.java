package io.hopscotch.search.flooding;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;

/**
 * Provides Gnutella-style flooding ({@value #NAME}). Options: {@code degree}, {@code max-degree},
 * {@code ttl}, {@code max-ttl}, {@code ping-ttl}, {@code ping-ms}, {@code pong-cache},
 * {@code pong-cache-size}, {@code host-cache}, {@code seen-max}, {@code seen-ms},
 * {@code get-timeout-ms}, {@code get-limit}, {@code linger-ms}, {@code push-timeout-ms}; see
 * {@link FloodingOptions}. No node is special: a cluster needs no infrastructure.
 */
public final class FloodingProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "flooding";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new flooding strategy.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new FloodingRouting(FloodingOptions.parse(options));
  }
}
