package io.hopscotch.core.sim;

/**
 * Stateless 64-bit mixing used to derive per-node values (coordinates, seeds, keys) from the
 * simulation seed and a node index, so that nothing per node needs to be stored to reproduce them.
 */
final class Mixing {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Mixing() {
  }

  /** A bijective avalanche of {@code x} (the finaliser of SplitMix64). */
  static long mix64(long x) {
    long z = x;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Combines a running hash with one more value; order matters. */
  static long combine(long h, long v) {
    return mix64(h * 31 + GOLDEN + v);
  }

  /** A hash of several values in order. */
  static long hash(long a, long b, long c) {
    return combine(combine(mix64(a + GOLDEN), b), c);
  }

  /** A double uniform in [0, 1) from a hash value. */
  static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }
}
