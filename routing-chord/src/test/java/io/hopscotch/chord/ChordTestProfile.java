package io.hopscotch.chord;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import java.util.Map;

/** Chord for the conformance kit: data lives on the ring with three replicas; faster maintenance than the defaults. */
class ChordTestProfile implements ConformanceProfile {

  /** Maintenance periods fast enough that a test settles in seconds. */
  static Map<String, String> fastOptions() {
    return Map.of(ChordConfig.STABILIZE_MS, "300", ChordConfig.FIX_FINGERS_MS, "300",
        ChordConfig.CHECK_PREDECESSOR_MS, "600", ChordConfig.SYNC_MS, "3000");
  }

  @Override
  public String routing() {
    return ChordProvider.NAME;
  }

  @Override
  public NodeOptions options(int index) {
    return new NodeOptions().setRouting(routing()).setRoutingOptions(fastOptions());
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return false;
  }

  @Override
  public int replicas() {
    return 3;
  }

  @Override
  public Duration settleTime() {
    return Duration.ofSeconds(8);
  }
}
