package io.hopscotch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownlinksTest {

  @Test
  void aNearMessageIsNotHeldBehindAFarOneSentBefore() {
    Downlinks d = new Downlinks(1);
    // sent at 0 from 90 ms away, 10 µs on the link
    assertThat(d.reserve(0, 0, 90_000, 10, 0)).isEqualTo(90_010);
    // sent at 1 ms from 2 ms away: arrives at 3 ms, long before the far one
    assertThat(d.reserve(0, 1_000, 3_000, 10, 0)).isEqualTo(3_010);
  }

  @Test
  void messagesArrivingTogetherShareTheLinkOneAfterAnother() {
    Downlinks d = new Downlinks(1);
    assertThat(d.reserve(0, 0, 5_000, 100, 0)).isEqualTo(5_100);
    assertThat(d.reserve(0, 0, 5_000, 100, 0)).isEqualTo(5_200);
    // one arriving in the middle of the first waits for both (it does not fit between them)
    assertThat(d.reserve(0, 0, 5_050, 100, 0)).isEqualTo(5_300);
  }

  @Test
  void aMessageFillsAGapThatFitsItAndOtherwiseWaitsForTheNext() {
    Downlinks d = new Downlinks(1);
    d.reserve(0, 0, 1_000, 100, 0);   // [1000, 1100)
    d.reserve(0, 0, 1_300, 100, 0);   // [1300, 1400)
    assertThat(d.reserve(0, 0, 1_100, 200, 0)).as("exactly fits the gap").isEqualTo(1_300);
    assertThat(d.reserve(0, 0, 1_050, 10, 0)).as("no gap left before 1400").isEqualTo(1_410);
  }

  @Test
  void theSlowerUplinkBoundsTheArrival() {
    Downlinks d = new Downlinks(1);
    assertThat(d.reserve(0, 0, 1_000, 10, 5_000)).isEqualTo(5_000);
    // the link counts as busy until that arrival
    assertThat(d.reserve(0, 0, 2_000, 10, 0)).isEqualTo(5_010);
  }

  @Test
  void endedIntervalsAreForgottenAndNodesAreIndependent() {
    Downlinks d = new Downlinks(1);
    for (int i = 0; i < 100; i++) {
      long t = i * 1_000L;
      assertThat(d.reserve(0, t, t + 500, 10, 0)).isEqualTo(t + 510);
    }
    d.grow(2);
    assertThat(d.reserve(1, 0, 500, 10, 0)).isEqualTo(510);
  }
}
