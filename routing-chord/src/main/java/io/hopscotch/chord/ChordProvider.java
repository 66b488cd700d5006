package io.hopscotch.chord;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;

/**
 * Makes {@link ChordRouting} strategies (routing name {@code chord}). Options, all optional:
 * {@code expected-size} (default 1024) and {@code successors} (r, default max(8, 2·⌈log2 expected-size⌉)),
 * {@code replicas} (default 3), {@code stabilize-ms} (4000), {@code fix-fingers-ms} (8000),
 * {@code check-predecessor-ms} (8000), {@code sync-ms} (60000), {@code lookup} ({@code iterative},
 * the default, or {@code recursive}) and {@code virtual-nodes} (default 1). See {@link ChordConfig}.
 */
public final class ChordProvider implements RoutingStrategyProvider {

  /** The routing name. */
  public static final String NAME = "chord";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new strategy.
   *
   * @throws IllegalArgumentException naming the option if an option is unknown or invalid
   */
  @Override
  public RoutingStrategy create(StrategyOptions options) {
    return new ChordRouting(ChordConfig.from(options));
  }
}
