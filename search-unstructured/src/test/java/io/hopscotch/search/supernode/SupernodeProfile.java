package io.hopscotch.search.supernode;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import java.util.Map;

/**
 * Supernodes for the conformance kit, with a small ratio of ordinary nodes per supernode so the kit's
 * clusters elect several supernodes, and a short maintenance period so a node re-attaches within the
 * settle time when its supernode leaves or crashes.
 */
final class SupernodeProfile implements ConformanceProfile {

  private final Map<String, String> options;
  private final Duration settle;

  private SupernodeProfile(Map<String, String> options, Duration settle) {
    this.options = options;
    this.settle = settle;
  }

  static SupernodeProfile simulated() {
    return new SupernodeProfile(Map.of("ratio", "3", "maintain-ms", "1000"), Duration.ofSeconds(5));
  }

  static SupernodeProfile loopback() {
    return new SupernodeProfile(Map.of("ratio", "2", "maintain-ms", "500", "get-timeout-ms", "150"), Duration.ofMillis(2500));
  }

  @Override
  public String routing() {
    return SupernodeProvider.NAME;
  }

  @Override
  public NodeOptions options(int index) {
    return new NodeOptions().setRouting(routing()).setRoutingOptions(options);
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return true;
  }

  @Override
  public Duration settleTime() {
    return settle;
  }
}
