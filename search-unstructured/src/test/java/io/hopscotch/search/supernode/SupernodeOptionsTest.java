package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supernode options: defaults, and precise errors for bad values. */
class SupernodeOptionsTest {

  private static SupernodeOptions parse(Map<String, String> m) {
    return SupernodeOptions.parse(StrategyOptions.of(m));
  }

  @Test
  void defaults() {
    SupernodeOptions o = parse(Map.of());
    assertThat(o.role()).isEqualTo("auto");
    assertThat(o.ratio()).isEqualTo(20);
    assertThat(o.capacity()).isEqualTo(80);
    assertThat(o.threshold()).isEqualTo(0.7);
    assertThat(o.demoteThreshold()).isEqualTo(0.35);
    assertThat(o.maxQueryRate()).isEqualTo(50);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> parse(Map.of("rato", "3"))).hasMessageContaining("unknown option 'rato' for supernode");
    assertThatThrownBy(() -> parse(Map.of("role", "boss"))).hasMessageContaining("option role must be auto, super or ordinary");
    assertThatThrownBy(() -> parse(Map.of("threshold", "1.5"))).hasMessageContaining("option threshold must be in 0..1");
    assertThatThrownBy(() -> parse(Map.of("threshold", "high"))).hasMessageContaining("option threshold must be a number");
    assertThatThrownBy(() -> parse(Map.of("ratio", "10", "capacity", "15"))).hasMessageContaining("at least twice the ratio");
    assertThatThrownBy(() -> parse(Map.of("threshold", "0.6", "demote-threshold", "0.8")))
        .hasMessageContaining("option demote-threshold must be in 0..0.6 (at most the threshold), got 0.8");
    assertThatThrownBy(() -> parse(Map.of("max-query-rate", "0"))).hasMessageContaining("max-query-rate");
  }

  @Test
  void electionPromotesWhenOverloadedAndStepsDownOnlyTowardAHigherId() {
    Election e = new Election(parse(Map.of("ratio", "4", "maintain-ms", "1000")));
    io.hopscotch.core.Key low = io.hopscotch.core.Key.sha1("a");
    io.hopscotch.core.Key high = io.hopscotch.core.Key.sha1("b");
    io.hopscotch.core.Key self = low.compareTo(high) < 0 ? low : high;
    io.hopscotch.core.Key other = self == low ? high : low;
    io.hopscotch.core.Peer higher = new io.hopscotch.core.Peer(other, io.hopscotch.core.Address.of("h", 1));
    assertThat(e.decide(self, 9, 900, 0, java.util.List.of())).isEqualTo(Election.Decision.PROMOTE);
    assertThat(e.decide(self, 0, 900, 10_000, java.util.List.of())).isEqualTo(Election.Decision.STAY);
    assertThat(e.decide(self, 0, 900, 10_000, java.util.List.of(higher))).isEqualTo(Election.Decision.STEP_DOWN);
    assertThat(e.decide(other, 0, 900, 10_000, java.util.List.of(new io.hopscotch.core.Peer(self, io.hopscotch.core.Address.of("l", 1)))))
        .isEqualTo(Election.Decision.STAY);
    assertThat(e.decide(self, 0, 900, 1_000, java.util.List.of(higher))).as("too new to step down").isEqualTo(Election.Decision.STAY);
    assertThat(e.decide(self, 3, 100, 0, java.util.List.of(higher))).as("score fell").isEqualTo(Election.Decision.STEP_DOWN);
  }
}
