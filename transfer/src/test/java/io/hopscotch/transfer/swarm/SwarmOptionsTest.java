package io.hopscotch.transfer.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults, checked options, and discovery through the service loader. */
class SwarmOptionsTest {

  @Test
  void defaultsAndOverrides() {
    SwarmOptions d = SwarmOptions.parse(StrategyOptions.empty());
    assertThat(d.pieceLength()).isEqualTo(256 * 1024);
    assertThat(d.config().uploadSlots()).isEqualTo(4);
    assertThat(d.trackers()).isEmpty();
    SwarmOptions o = SwarmOptions.parse(StrategyOptions.of(Map.of("upload-slots", "6", "trackers",
        "http://127.0.0.1:6969/announce, http://127.0.0.2:6969/announce", "port", "6881")));
    assertThat(o.config().uploadSlots()).isEqualTo(6);
    assertThat(o.trackers()).hasSize(2);
    assertThat(o.port()).isEqualTo(6881);
    assertThat(d.trackerPort()).isEqualTo(SwarmOptions.NO_TRACKER);
    assertThat(SwarmOptions.parse(StrategyOptions.of(Map.of("tracker-port", "0"))).trackerPort()).isZero();
    assertThat(SwarmOptions.parse(StrategyOptions.of(Map.of("tracker-port", "6969"))).trackerPort()).isEqualTo(6969);
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> SwarmOptions.parse(StrategyOptions.of(Map.of("slots", "4")))).hasMessageContaining("unknown option 'slots'");
    assertThatThrownBy(() -> SwarmOptions.parse(StrategyOptions.of(Map.of("trackers", "udp://x")))).hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> SwarmOptions.parse(StrategyOptions.of(Map.of("piece-length", "100")))).hasMessageContaining("piece-length");
    assertThatThrownBy(() -> SwarmOptions.parse(StrategyOptions.of(Map.of("tracker-port", "70000")))).hasMessageContaining("tracker-port");
    assertThatThrownBy(() -> SwarmOptions.parse(StrategyOptions.of(Map.of("tracker-port", "-1")))).hasMessageContaining("tracker-port");
  }

  @Test
  void theProviderIsFoundByName() {
    assertThat(Strategies.availableTransfer()).contains("swarm", "direct");
  }
}
