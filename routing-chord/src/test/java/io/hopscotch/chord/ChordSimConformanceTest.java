package io.hopscotch.chord;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The conformance kit on the simulator. */
class ChordSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new ChordTestProfile();
  }
}
