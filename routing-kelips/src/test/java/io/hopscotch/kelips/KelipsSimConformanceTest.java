package io.hopscotch.kelips;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The routing conformance kit on the simulator. */
class KelipsSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return KelipsProfile.simulated();
  }
}
