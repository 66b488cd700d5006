package io.hopscotch.search.central;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The routing conformance kit on the simulator. */
class CentralSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new CentralProfile();
  }
}
