package io.hopscotch.core.spi;

import io.hopscotch.core.Peer;

/**
 * What a probe of a peer measured.
 *
 * @param peer the peer probed
 * @param rttNanos round-trip time of an empty request, in nanoseconds
 * @param bytesPerSecond estimated transfer rate from the peer to this node, from a timed payload
 *     ({@code Double.POSITIVE_INFINITY} if the payload was empty or arrived as fast as the empty request)
 */
public record ProbeResult(Peer peer, long rttNanos, double bytesPerSecond) {

  /**
   * Expected time in nanoseconds to receive {@code bytes} from this peer: one round trip plus the
   * payload at the measured rate.
   */
  public double expectedNanos(long bytes) {
    return rttNanos + (Double.isInfinite(bytesPerSecond) ? 0 : bytes / bytesPerSecond * 1e9);
  }
}
