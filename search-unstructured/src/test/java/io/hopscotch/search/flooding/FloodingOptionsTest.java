package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flooding's options: defaults, and precise errors for bad values. */
class FloodingOptionsTest {

  private static FloodingOptions parse(Map<String, String> m) {
    return FloodingOptions.parse(StrategyOptions.of(m));
  }

  @Test
  void defaultsFollowGnutella() {
    FloodingOptions o = parse(Map.of());
    assertThat(o.ttl()).isEqualTo(7);
    assertThat(o.degree()).isEqualTo(4);
    assertThat(o.maxDegree()).isEqualTo(12);
    assertThat(o.pongCache()).isTrue();
    assertThat(o.rewireMillis()).isEqualTo(10_000);
    assertThat(parse(Map.of("rewire-ms", "0")).rewireMillis()).isZero();
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> parse(Map.of("tll", "3"))).hasMessageContaining("unknown option 'tll' for flooding");
    assertThatThrownBy(() -> parse(Map.of("ttl", "0"))).hasMessageContaining("option ttl must be in 1..255");
    assertThatThrownBy(() -> parse(Map.of("ttl", "20"))).hasMessageContaining("must not exceed max-ttl");
    assertThatThrownBy(() -> parse(Map.of("degree", "6", "max-degree", "5"))).hasMessageContaining("max-degree (5) must be at least degree (6)");
    assertThatThrownBy(() -> parse(Map.of("ping-ms", "5"))).hasMessageContaining("option ping-ms must be at least 10");
    assertThatThrownBy(() -> parse(Map.of("pong-cache", "maybe"))).hasMessageContaining("option pong-cache must be true or false");
    assertThatThrownBy(() -> parse(Map.of("rewire-ms", "5"))).hasMessageContaining("option rewire-ms must be 0 (off) or at least 10, got 5");
    assertThatThrownBy(() -> parse(Map.of("linger-ms", "-1"))).hasMessageContaining("option linger-ms must be >= 0");
  }
}
