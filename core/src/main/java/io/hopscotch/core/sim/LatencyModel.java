package io.hopscotch.core.sim;

/**
 * One-way network latency between simulated nodes, by node index. Implementations must be
 * deterministic (the same pair always gives the same value) and cheap: the simulator asks once per
 * message. Transmission time for the message's size is added by the simulator on top of this.
 */
@FunctionalInterface
public interface LatencyModel {

  /**
   * One-way latency from node {@code fromIndex} to node {@code toIndex}, in microseconds; never negative.
   */
  long oneWayMicros(int fromIndex, int toIndex);

  /**
   * The same latency between every pair of nodes.
   *
   * @param micros one-way latency in microseconds
   * @throws IllegalArgumentException if {@code micros} is negative
   */
  static LatencyModel constant(long micros) {
    if (micros < 0) {
      throw new IllegalArgumentException("latency must be >= 0 microseconds, got " + micros);
    }
    return (from, to) -> micros;
  }

  /**
   * Nodes placed on a unit square at coordinates derived from {@code seed} and their index (hashed, so
   * nothing is stored per node); latency is 1 ms plus the Euclidean distance scaled so that the
   * square's diagonal is {@code maxMillis}. The result is symmetric; a node to itself costs 1 ms.
   *
   * @param seed chooses the placement
   * @param maxMillis one-way latency of the longest possible distance, beyond the 1 ms base
   * @throws IllegalArgumentException if {@code maxMillis} is negative or not finite
   */
  static LatencyModel coordinates(long seed, double maxMillis) {
    if (!(maxMillis >= 0) || Double.isInfinite(maxMillis)) {
      throw new IllegalArgumentException("maxMillis must be a finite number >= 0, got " + maxMillis);
    }
    double microsPerUnit = maxMillis * 1000.0 / Math.sqrt(2.0);
    long salt = Mixing.mix64(seed ^ 0x6C6174656E6379L);
    return (from, to) -> {
      long a = Mixing.mix64(salt + from);
      long b = Mixing.mix64(salt + to);
      double dx = Mixing.unit(a) - Mixing.unit(b);
      double dy = Mixing.unit(Mixing.mix64(a)) - Mixing.unit(Mixing.mix64(b));
      return 1000L + Math.round(Math.sqrt(dx * dx + dy * dy) * microsPerUnit);
    };
  }
}
