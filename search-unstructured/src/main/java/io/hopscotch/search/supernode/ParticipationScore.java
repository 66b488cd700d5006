package io.hopscotch.search.supernode;

/**
 * How much a node can give the overlay, from 0 to 1: a node that cannot accept inbound connections
 * scores 0 (nobody could attach to it); otherwise uptime, offered bandwidth and capacity each
 * contribute, uptime 40 % (full after {@code fullUptimeMillis}), bandwidth 30 % (full at 1 MB/s) and
 * capacity 30 % (full at twice the target ratio of ordinary nodes per supernode).
 *
 * @param uptimeMillis time since the node joined
 * @param bandwidth offered upload bandwidth in bytes per second
 * @param capacity most ordinary nodes it would serve
 * @param reachable false if the node is firewalled
 */
public record ParticipationScore(long uptimeMillis, long bandwidth, int capacity, boolean reachable) {

  /** Bandwidth at which the bandwidth part is full, in bytes per second. */
  public static final long FULL_BANDWIDTH = 1_000_000;

  /**
   * The score.
   *
   * @param fullUptimeMillis uptime at which the uptime part is full
   * @param ratio target ordinary nodes per supernode
   * @return 0..1
   */
  public double value(long fullUptimeMillis, int ratio) {
    if (!reachable) {
      return 0;
    }
    double up = Math.min(1, Math.max(0, uptimeMillis) / (double) fullUptimeMillis);
    double bw = Math.min(1, Math.max(0, bandwidth) / (double) FULL_BANDWIDTH);
    double cap = Math.min(1, Math.max(0, capacity) / (2.0 * ratio));
    return 0.4 * up + 0.3 * bw + 0.3 * cap;
  }

  /** The score in thousandths, as it travels on the wire. */
  public int permille(long fullUptimeMillis, int ratio) {
    return (int) Math.round(value(fullUptimeMillis, ratio) * 1000);
  }
}
