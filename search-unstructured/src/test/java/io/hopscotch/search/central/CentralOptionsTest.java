package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Address;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options parse with clear errors, and the provider is found by name. */
class CentralOptionsTest {

  @Test
  void defaults() {
    CentralOptions o = CentralOptions.parse(StrategyOptions.empty());
    assertThat(o).isEqualTo(new CentralOptions(false, false, null, 30_000, 1_000_000, 100_000, 16_384));
  }

  @Test
  void standbyNeedsAPrimary() {
    assertThatThrownBy(() -> CentralOptions.parse(StrategyOptions.of(Map.of("index-server", "true", "standby", "true"))))
        .hasMessageContaining("primary=HOST:PORT");
    CentralOptions o = CentralOptions.parse(StrategyOptions.of(Map.of("index-server", "true", "standby", "true", "primary", "127.0.0.1:7000")));
    assertThat(o.primary()).isEqualTo(Address.of("127.0.0.1", 7000));
    assertThatThrownBy(() -> CentralOptions.parse(StrategyOptions.of(Map.of("index-server", "true", "standby", "true", "primary", "nope"))))
        .hasMessageContaining("option primary");
  }

  @Test
  void unknownOrBadOptionsAreNamed() {
    assertThatThrownBy(() -> CentralOptions.parse(StrategyOptions.of(Map.of("lease", "5")))).hasMessageContaining("unknown option 'lease'");
    assertThatThrownBy(() -> CentralOptions.parse(StrategyOptions.of(Map.of("lease-ms", "soon")))).hasMessageContaining("lease-ms");
    assertThatThrownBy(() -> CentralOptions.parse(StrategyOptions.of(Map.of("max-entries", "0")))).hasMessageContaining("max-entries");
  }

  @Test
  void providerIsRegistered() {
    assertThat(Strategies.availableRouting()).contains("central");
    assertThat(Strategies.newRouting("central", StrategyOptions.empty()).name()).isEqualTo("central");
  }
}
