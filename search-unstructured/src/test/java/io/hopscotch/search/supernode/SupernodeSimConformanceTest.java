package io.hopscotch.search.supernode;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The routing conformance kit on the simulator. */
class SupernodeSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return SupernodeProfile.simulated();
  }
}
