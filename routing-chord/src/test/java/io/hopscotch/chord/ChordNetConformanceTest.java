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
        // Real time: more than one replica sweep (the test profile's 3 s sync period), so a record
        // that a put left on a non-owner while the new ring was settling has reached its owner, and
        // about thirteen rounds of the 300 ms stabilize.
        return java.time.Duration.ofMillis(4000);
      }
    };
  }
}
