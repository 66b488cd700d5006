package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KelipsOptionsTest {

  private static KelipsOptions parse(Map<String, String> m) {
    return KelipsOptions.parse(StrategyOptions.of(m));
  }

  @Test
  void defaults() {
    KelipsOptions o = KelipsOptions.defaults();
    assertThat(o.groups()).isEqualTo(KelipsOptions.DEFAULT_GROUPS);
    assertThat(o.contacts()).isEqualTo(2);
    assertThat(o.inlineValues()).isTrue();
    assertThat(o.failureTimeoutMillis()).isGreaterThanOrEqualTo(3 * o.gossipMillis());
  }

  @Test
  void groupsAreDerivedFromTheExpectedSizeAsTheRoundedSquareRoot() {
    assertThat(parse(Map.of("expected-size", "100000")).groups()).isEqualTo(316);
    assertThat(parse(Map.of("expected-size", "1000")).groups()).isEqualTo(32);
    assertThat(parse(Map.of("expected-size", "1")).groups()).isEqualTo(1);
    assertThat(parse(Map.of("groups", "7")).groups()).isEqualTo(7);
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> parse(Map.of("group", "3"))).hasMessageContaining("unknown option 'group'");
    assertThatThrownBy(() -> parse(Map.of("groups", "3", "expected-size", "9"))).hasMessageContaining("not both");
    assertThatThrownBy(() -> parse(Map.of("groups", "0"))).hasMessageContaining("groups");
    assertThatThrownBy(() -> parse(Map.of("gossip-ms", "1000", "failure-timeout-ms", "2000"))).hasMessageContaining("failure-timeout-ms");
    assertThatThrownBy(() -> parse(Map.of("gossip-bytes", "10"))).hasMessageContaining("gossip-bytes");
    assertThatThrownBy(() -> parse(Map.of("inline-values", "maybe"))).hasMessageContaining("inline-values");
    assertThatThrownBy(() -> parse(Map.of("republish-ms", "5", "gossip-ms", "1000"))).hasMessageContaining("republish-ms");
  }
}
