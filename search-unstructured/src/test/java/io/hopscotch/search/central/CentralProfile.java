package io.hopscotch.search.central;

import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;

/** The central index for the conformance kit: node 0 is the index server, the rest are clients. */
final class CentralProfile implements ConformanceProfile {

  @Override
  public String routing() {
    return "central";
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return true;
  }

  /** A put completes once the index accepted it, so nothing needs to settle. */
  @Override
  public Duration settleTime() {
    return Duration.ofMillis(100);
  }
}
