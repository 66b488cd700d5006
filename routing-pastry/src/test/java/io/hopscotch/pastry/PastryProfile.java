package io.hopscotch.pastry;

import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;

/** Pastry's promises to the conformance kit: data lives at the replicas, not at the publisher. */
final class PastryProfile implements ConformanceProfile {

  private final Duration settle;

  /**
   * A profile.
   *
   * @param settle time maintenance gets after membership changes (replica repair waits about 0.2 s)
   */
  PastryProfile(Duration settle) {
    this.settle = settle;
  }

  @Override
  public Duration settleTime() {
    return settle;
  }

  @Override
  public String routing() {
    return PastryProvider.NAME;
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return false;
  }

  @Override
  public int replicas() {
    return 3;
  }
}
