package io.hopscotch.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo reads each key from a node other than the one that put it. */
class DemoReaderChoiceTest {

  @Test
  void theReaderIsNeverThePutterWhenThereIsAnotherNode() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().between(2, 64), integers().between(0, 63))
        .checkAssert((seed, size, anyIndex) -> {
          int excluded = anyIndex % size;
          int i = DemoCommand.otherThan(new Random(seed), size, excluded);
          assertThat(i).isBetween(0, size - 1).isNotEqualTo(excluded);
        });
  }

  @Test
  void everyOtherNodeCanBeChosen() {
    Random random = new Random(3);
    boolean[] seen = new boolean[5];
    for (int n = 0; n < 500; n++) {
      seen[DemoCommand.otherThan(random, 5, 2)] = true;
    }
    assertThat(seen).containsExactly(true, true, false, true, true);
  }

  @Test
  void aSingleNodeReadsItsOwnKeys() {
    assertThat(DemoCommand.otherThan(new Random(1), 1, 0)).isZero();
  }
}
