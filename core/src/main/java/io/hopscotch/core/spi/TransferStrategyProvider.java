package io.hopscotch.core.spi;

/** Makes transfer strategies of one name; found with {@link java.util.ServiceLoader}. */
public interface TransferStrategyProvider {

  /** The transfer name. */
  String name();

  /**
   * A new strategy for one node.
   *
   * @throws IllegalArgumentException for unknown or invalid options
   */
  TransferStrategy create(StrategyOptions options);
}
