package io.hopscotch.kelips;

import io.hopscotch.core.conformance.ConformanceProfile;
import io.hopscotch.core.conformance.NetConformanceKit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The routing conformance kit on real nodes over loopback TLS. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KelipsNetConformanceTest extends NetConformanceKit {

  @Override
  protected ConformanceProfile profile() {
    return KelipsProfile.network();
  }
}
