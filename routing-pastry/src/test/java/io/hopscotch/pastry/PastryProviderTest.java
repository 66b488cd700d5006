package io.hopscotch.pastry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider is found by name, applies the defaults and rejects bad options with a precise message. */
class PastryProviderTest {

  @Test
  void foundByNameWithThePapersDefaults() {
    PastryRouting s = (PastryRouting) Strategies.routing("pastry").create(StrategyOptions.empty());
    assertThat(s.name()).isEqualTo("pastry");
    assertThat(s.config()).isEqualTo(new PastryConfig(4, 16, 32, 3, 30_000, 600_000, true));
  }

  @Test
  void optionsAreRead() {
    PastryConfig c = PastryConfig.from(StrategyOptions.of(Map.of("b", "2", "leafSet", "8", "neighbourhood", "0",
        "replicas", "5", "leafSetPeriodMillis", "1000", "tablePeriodMillis", "5000", "proximity", "false")));
    assertThat(c).isEqualTo(new PastryConfig(2, 8, 0, 5, 1000, 5000, false));
    assertThat(c.base()).isEqualTo(4);
  }

  @Test
  void badOptionsAreRejectedByName() {
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("leafset", "8"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'leafset'");
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("b", "3"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option b");
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("leafSet", "7"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leafSet must be even");
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("leafSet", "4", "replicas", "4"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("proximity", "maybe"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proximity");
    assertThatThrownBy(() -> PastryConfig.from(StrategyOptions.of(Map.of("leafSetPeriodMillis", "5"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 100 ms");
  }
}
