package io.hopscotch.chord;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.NetConformanceKit;

/** The conformance kit on real nodes over loopback TLS. */
class ChordNetConformanceTest extends NetConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new ChordTestProfile() {
      @Override
      public java.time.Duration settleTime() {
        // Real time: about eight rounds of the test profile's 300 ms stabilize.
        return java.time.Duration.ofMillis(2500);
      }
    };
  }
}
