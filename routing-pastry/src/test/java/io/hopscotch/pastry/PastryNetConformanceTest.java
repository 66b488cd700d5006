package io.hopscotch.pastry;

import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import io.hopscotch.core.conformance.NetConformanceKit;

/** The conformance kit on real nodes over loopback TLS. */
class PastryNetConformanceTest extends NetConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new PastryProfile(Duration.ofMillis(1500));
  }
}
