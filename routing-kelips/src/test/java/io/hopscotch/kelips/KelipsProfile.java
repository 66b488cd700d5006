package io.hopscotch.kelips;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import java.util.Map;

/**
 * Kelips for the conformance kit. Records travel with their tuples, so data does not stay only at the
 * publisher: a publisher may crash or leave and its items remain readable from their group.
 */
final class KelipsProfile implements ConformanceProfile {

  private final Map<String, String> options;
  private final Duration settle;

  private KelipsProfile(Map<String, String> options, Duration settle) {
    this.options = options;
    this.settle = settle;
  }

  /** For the simulator: three groups of about four, default gossip; 20 virtual seconds settle everything. */
  static KelipsProfile simulated() {
    return new KelipsProfile(Map.of("groups", "3"), Duration.ofSeconds(20));
  }

  /** For loopback TLS: two groups of three, fast gossip so that real time stays short. */
  static KelipsProfile network() {
    return new KelipsProfile(Map.of("groups", "2", "gossip-ms", "100", "failure-timeout-ms", "3000"), Duration.ofMillis(1500));
  }

  @Override
  public String routing() {
    return KelipsProvider.NAME;
  }

  @Override
  public NodeOptions options(int index) {
    return new NodeOptions().setRouting(routing()).setRoutingOptions(options);
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return false;
  }

  @Override
  public Duration settleTime() {
    return settle;
  }
}
