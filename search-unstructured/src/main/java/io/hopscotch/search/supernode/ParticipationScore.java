package io.hopscotch.search.supernode;

/**
 * How much a node can give the overlay now, from 0 to 1. A node that cannot accept inbound
 * connections scores 0 (nobody could attach to it). Otherwise the score is what the node offers —
 * uptime 40 % (full after {@code fullUptimeMillis}), offered bandwidth 30 % (full at 1 MB/s) and
 * capacity 30 % (full at twice the target ratio of ordinary nodes per supernode) — times the share of
 * its query capacity still free: {@code offer × (1 − min(1, load))}. The load is measured while the
 * node runs (queries a supernode handled per second, over its query capacity), so a supernode that
 * is overloaded, or too slow for the traffic it gets, sees its score fall at runtime; an ordinary node
 * handles no queries and has load 0.
 *
 * <p>With the default options a brand-new reachable node scores 0.6, below the default promotion
 * threshold of 0.7: it qualifies only after 150 s of uptime, unless no better node exists (see
 * {@link Election}). A supernode steps down when its score falls below the demotion threshold
 * (default 0.35): for a brand-new supernode at 42 % of its query capacity, for one with full uptime at
 * 65 %.
 *
 * @param uptimeMillis time since the node joined
 * @param bandwidth offered upload bandwidth in bytes per second
 * @param capacity most ordinary nodes it would serve
 * @param reachable false if the node is firewalled
 * @param load measured query load: queries handled per second divided by the most the node can
 *     handle (0 idle, 1 or more saturated)
 */
public record ParticipationScore(long uptimeMillis, long bandwidth, int capacity, boolean reachable, double load) {

  /** Bandwidth at which the bandwidth part is full, in bytes per second. */
  public static final long FULL_BANDWIDTH = 1_000_000;

  /** A score without load (an ordinary node, or a supernode that handles no queries). */
  public ParticipationScore(long uptimeMillis, long bandwidth, int capacity, boolean reachable) {
    this(uptimeMillis, bandwidth, capacity, reachable, 0);
  }

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
    double free = 1 - Math.min(1, Math.max(0, Double.isNaN(load) ? 1 : load));
    return (0.4 * up + 0.3 * bw + 0.3 * cap) * free;
  }

  /** The score in thousandths, as it travels on the wire. */
  public int permille(long fullUptimeMillis, int ratio) {
    return (int) Math.round(value(fullUptimeMillis, ratio) * 1000);
  }
}
