package io.hopscotch.core.conformance;

/** The conformance kit on real nodes over loopback TLS. */
public abstract class NetConformanceKit extends RoutingConformanceKit {

  @Override
  protected TestCluster startCluster(ConformanceProfile profile, int size, long seed) {
    return NetCluster.start(profile, size, seed);
  }

  @Override
  protected int clusterSize() {
    return 6;
  }
}
