package io.hopscotch.transfer.direct;

import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.spi.TransferStrategyProvider;

/** Provides the direct best-host transfer ({@value #NAME}); options in {@link DirectOptions}. */
public final class DirectTransferProvider implements TransferStrategyProvider {

  /** The transfer name. */
  public static final String NAME = "direct";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A new direct transfer.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  @Override
  public TransferStrategy create(StrategyOptions options) {
    return new DirectTransfer(DirectOptions.parse(options));
  }
}
