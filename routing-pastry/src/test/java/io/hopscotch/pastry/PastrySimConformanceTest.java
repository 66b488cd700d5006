package io.hopscotch.pastry;

import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The conformance kit on the simulator, every message encoded and decoded on the way. */
class PastrySimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new PastryProfile(Duration.ofSeconds(5));
  }
}
