package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

/** Requests in flight follow each peer's recent rate, within the minimum and the configured pipeline. */
class PipelineDepthTest {

  @Test
  void aboutOneSecondOfThePeersRateWithinTheBounds() {
    assertThat(SwarmSession.pipelineDepth(0, 32)).isEqualTo(SwarmSession.MIN_PIPELINE);
    // a peer sharing a 512 KiB/s cap among five slots: about 100 KiB/s, 7 blocks
    assertThat(SwarmSession.pipelineDepth(100 * 1024, 32)).isEqualTo(7);
    assertThat(SwarmSession.pipelineDepth(512 * 1024, 32)).isEqualTo(32);
    assertThat(SwarmSession.pipelineDepth(100e6, 32)).isEqualTo(32);
    assertThat(SwarmSession.pipelineDepth(0, 2)).isEqualTo(2);
  }

  @Test
  void neverBelowTheMinimumNorAboveTheConfiguredPipelineAndGrowsWithTheRate() {
    qt().withExamples(500).forAll(doubles().between(0, 1e9), doubles().between(0, 1e9), integers().between(1, 1024))
        .checkAssert((a, b, max) -> {
          int da = SwarmSession.pipelineDepth(a, max);
          assertThat(da).isBetween(Math.min(SwarmSession.MIN_PIPELINE, max), max);
          if (a <= b) {
            assertThat(da).isLessThanOrEqualTo(SwarmSession.pipelineDepth(b, max));
          }
        });
  }
}
