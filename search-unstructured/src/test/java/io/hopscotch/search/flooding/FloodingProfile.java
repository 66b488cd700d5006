package io.hopscotch.search.flooding;

import io.hopscotch.core.Address;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.conformance.ConformanceProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Flooding for the conformance kit: every node joins through the node that joined just before it, pings every
 * second so a crashed neighbour is replaced within a few seconds, and the default TTL of 7 covers the
 * kit's clusters. On real networks a get or search ends shortly after the hits stop (linger), since
 * loopback round trips are far below the deadline.
 */
final class FloodingProfile implements ConformanceProfile {

  private final Map<String, String> extra;
  private final Duration settle;

  private FloodingProfile(Map<String, String> extra, Duration settle) {
    this.extra = extra;
    this.settle = settle;
  }

  /** For the simulator: wait for the deadline, as Gnutella does. */
  static FloodingProfile simulated() {
    return new FloodingProfile(Map.of("ping-ms", "1000", "get-timeout-ms", "2000"), Duration.ofSeconds(5));
  }

  /** For loopback TLS: end a collection 60 ms after the last new hit; ping twice a second. */
  static FloodingProfile loopback() {
    return new FloodingProfile(Map.of("ping-ms", "500", "get-timeout-ms", "1000", "linger-ms", "60"), Duration.ofMillis(2500));
  }

  @Override
  public String routing() {
    return FloodingProvider.NAME;
  }

  @Override
  public NodeOptions options(int index) {
    return new NodeOptions().setRouting(routing()).setRoutingOptions(extra);
  }

  /** Through the previous node, so the overlay is not a star around node 0. */
  @Override
  public List<Address> bootstrap(List<Address> existing) {
    return existing.isEmpty() ? List.of() : List.of(existing.get(existing.size() - 1));
  }

  @Override
  public boolean keepsDataAtPublisher() {
    return true;
  }

  /** More than three ping rounds: a crashed neighbour is dropped and replaced. */
  @Override
  public Duration settleTime() {
    return settle;
  }
}
