package io.hopscotch.kelips;

import io.hopscotch.core.Identity;
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
  private final int balancedGroups;

  private KelipsProfile(Map<String, String> options, Duration settle, int balancedGroups) {
    this.options = options;
    this.settle = settle;
    this.balancedGroups = balancedGroups;
  }

  /** For the simulator: three groups of about four, default gossip; 20 virtual seconds settle everything. */
  static KelipsProfile simulated() {
    return new KelipsProfile(Map.of("groups", "3"), Duration.ofSeconds(20), 0);
  }

  /**
   * For loopback TLS: two groups, fast gossip so that real time stays short. Node i gets an identity in
   * group i mod 2, so no group ever has a single member: the kit crashes or removes up to two random
   * nodes and expects no item lost, which Kelips promises only while a group keeps a member (a group
   * that loses every member loses the items whose publisher went with it; see {@code KelipsGroupLossTest}).
   */
  static KelipsProfile network() {
    return new KelipsProfile(Map.of("groups", "2", "gossip-ms", "100", "failure-timeout-ms", "3000"), Duration.ofMillis(1500), 2);
  }

  @Override
  public String routing() {
    return KelipsProvider.NAME;
  }

  @Override
  public NodeOptions options(int index) {
    NodeOptions o = new NodeOptions().setRouting(routing()).setRoutingOptions(options);
    if (balancedGroups > 0) {
      AffinityGroups groups = new AffinityGroups(balancedGroups);
      Identity id = Identity.generate();
      while (groups.groupOf(id.id()) != index % balancedGroups) {
        id = Identity.generate();
      }
      o.setIdentity(id);
    }
    return o;
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
