package io.hopscotch.search.flooding;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The routing conformance kit on the simulator. */
class FloodingSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return FloodingProfile.simulated();
  }
}
