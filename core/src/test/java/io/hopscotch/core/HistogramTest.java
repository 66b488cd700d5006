package io.hopscotch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class HistogramTest {

  @Test
  void quantilesAreWithinOneBucketOfTheTruth() {
    qt().forAll(SourceDSL.lists().of(SourceDSL.longs().between(0, 1_000_000_000L)).ofSizeBetween(1, 300),
        SourceDSL.doubles().between(0.01, 0.99)).checkAssert((values, q) -> {
          Histogram h = new Histogram();
          values.forEach(h::record);
          long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
          long truth = sorted[(int) Math.ceil(q * sorted.length) - 1];
          long got = h.quantile(q);
          assertThat(got).isLessThanOrEqualTo(truth);
          assertThat((double) got).isGreaterThanOrEqualTo(truth / 1.125 - 1);
          assertThat(h.mean()).isCloseTo(Arrays.stream(sorted).average().orElse(0), org.assertj.core.data.Offset.offset(1e-3));
        });
  }

  @Test
  void smallValuesAreExact() {
    Histogram h = new Histogram();
    for (int i = 0; i < 10; i++) {
      h.record(i);
    }
    assertThat(h.quantile(0.5)).isEqualTo(4);
    assertThat(h.max()).isEqualTo(9);
    assertThat(h.min()).isEqualTo(0);
  }
}
