package io.hopscotch.search.central;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.SimConformanceKit;

/** The routing conformance kit on the simulator: node 0 is the index server, the rest are clients. */
class CentralSimConformanceTest extends SimConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return new ConformanceProfile() {
      @Override
      public String routing() {
        return "central";
      }

      @Override
      public boolean keepsDataAtPublisher() {
        return true;
      }
    };
  }
}
