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
}
