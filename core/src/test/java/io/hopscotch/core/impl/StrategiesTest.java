package io.hopscotch.core.impl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.spi.StrategyOptions;
import org.junit.jupiter.api.Test;

/** Core's own class path holds no strategy module, so every project routing name is "not built" here. */
class StrategiesTest {

  @Test
  void aProjectRoutingThatIsNotOnTheClassPathSaysSo() {
    assertThatThrownBy(() -> Strategies.routing("chord")).hasMessageContaining("routing 'chord' is not built yet");
  }

  @Test
  void anUnknownNameIsCalledUnknown() {
    assertThatThrownBy(() -> Strategies.newRouting("warp", StrategyOptions.empty())).hasMessageContaining("unknown routing 'warp'");
    assertThatThrownBy(() -> Strategies.transfer("teleport")).hasMessageContaining("unknown transfer 'teleport'");
  }
}
