package io.hopscotch.chord;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Locale;
import java.util.Set;

/**
 * Chord's settings, read from the routing options of a node. Every period is in milliseconds of the
 * node's clock (virtual in the simulator).
 *
 * @param successors length r of the successor list
 * @param replicas copies of every key: its owner and the next replicas − 1 distinct hosts
 * @param stabilizeMillis period of stabilize (with rectify)
 * @param fixFingersMillis period of fix-fingers (one finger lookup per period)
 * @param checkPredecessorMillis period of check-predecessor (a ping only if the predecessor was silent)
 * @param syncMillis period of the replica synchronisation sweep
 * @param lookup iterative or recursive lookups
 * @param virtualNodes ring positions per physical node
 * @param quietBackoff which maintenance slows down while nothing changes (a change restores the full rate)
 */
public record ChordConfig(int successors, int replicas, long stabilizeMillis, long fixFingersMillis,
    long checkPredecessorMillis, long syncMillis, LookupMode lookup, int virtualNodes, Backoff quietBackoff) {

  /** Which periodic maintenance runs less often while a node's neighbourhood and fingers stay unchanged. */
  public enum Backoff {
    /** Everything at the configured periods (about 1.1 messages per second per node at the defaults). */
    NONE,
    /** Fix-fingers every fourth period (fingers only shorten paths); stabilize at every period. */
    FINGERS,
    /**
     * The default: fix-fingers every fourth period and stabilize every second (check-predecessor then
     * tolerates 2.375 stabilize periods of silence), about a third of the traffic. Crashes stay repaired
     * fast because the repair of replicas does not wait for the slowed steps: a node that stabilizes from
     * behind a dead predecessor makes its successor ping that predecessor at once and take over its
     * range, a node that loses its successor tells its predecessor to stabilize at once, and a silent
     * predecessor is pinged as soon as its silence runs out.
     */
    ALL
  }

  /** How lookups travel. */
  public enum LookupMode {
    /** The origin asks each hop itself and keeps control of retries (the default). */
    ITERATIVE,
    /** Each hop forwards the lookup to the next; the answer travels back along the path. */
    RECURSIVE
  }

  /** Option name: successor list length r. */
  public static final String SUCCESSORS = "successors";
  /** Option name: expected network size, from which the default r is derived. */
  public static final String EXPECTED_SIZE = "expected-size";
  /** Option name: replicas per key. */
  public static final String REPLICAS = "replicas";
  /** Option name: stabilize period, ms. */
  public static final String STABILIZE_MS = "stabilize-ms";
  /** Option name: fix-fingers period, ms. */
  public static final String FIX_FINGERS_MS = "fix-fingers-ms";
  /** Option name: check-predecessor period, ms. */
  public static final String CHECK_PREDECESSOR_MS = "check-predecessor-ms";
  /** Option name: replica synchronisation period, ms. */
  public static final String SYNC_MS = "sync-ms";
  /** Option name: {@code iterative} or {@code recursive}. */
  public static final String LOOKUP = "lookup";
  /** Option name: virtual nodes per physical node. */
  public static final String VIRTUAL_NODES = "virtual-nodes";

  /** Option name: {@code none}, {@code fingers} or {@code all} (default): slower maintenance while quiet. */
  public static final String QUIET_BACKOFF = "quiet-backoff";

  /** Every option Chord knows. */
  public static final Set<String> KNOWN = Set.of(SUCCESSORS, EXPECTED_SIZE, REPLICAS, STABILIZE_MS, FIX_FINGERS_MS,
      CHECK_PREDECESSOR_MS, SYNC_MS, LOOKUP, VIRTUAL_NODES, QUIET_BACKOFF);

  /** Default stabilize period: 4 s, which keeps maintenance near 0.5 messages per second per node. */
  public static final long DEFAULT_STABILIZE_MS = 4_000;
  /** Default fix-fingers period: 8 s. */
  public static final long DEFAULT_FIX_FINGERS_MS = 8_000;
  /** Default check-predecessor period: 8 s. */
  public static final long DEFAULT_CHECK_PREDECESSOR_MS = 8_000;
  /** Default replica synchronisation period: 60 s (changes of membership also trigger it at once). */
  public static final long DEFAULT_SYNC_MS = 60_000;

  /** Validates the values. */
  public ChordConfig {
    if (successors < 1 || successors > ChordMessages.MAX_CONTACTS - 1) {
      throw new IllegalArgumentException("successor list length must be 1.." + (ChordMessages.MAX_CONTACTS - 1) + ", got " + successors);
    }
    if (replicas < 1 || replicas > successors + 1) {
      throw new IllegalArgumentException("replicas must be 1..successors+1 (" + (successors + 1) + "), got " + replicas);
    }
    if (stabilizeMillis <= 0 || fixFingersMillis <= 0 || checkPredecessorMillis <= 0 || syncMillis <= 0) {
      throw new IllegalArgumentException("periods must be positive milliseconds");
    }
    if (virtualNodes < 1 || virtualNodes > 64) {
      throw new IllegalArgumentException("virtual nodes must be 1..64, got " + virtualNodes);
    }
  }

  /**
   * How long after its predecessor or successor changed a node counts as settling, in milliseconds: eight
   * stabilize periods, at most one sync period. Records put meanwhile may still sit on a neighbour of
   * their owner, so a get that reaches a settling owner also reads its next replicas.
   */
  public long settlingMillis() {
    return Math.min(syncMillis, 8 * stabilizeMillis);
  }

  /**
   * Reads and validates the options.
   *
   * @throws IllegalArgumentException naming the option for an unknown option or a bad value
   */
  public static ChordConfig from(StrategyOptions o) {
    o.requireOnly("chord", KNOWN);
    int expected = o.getInt(EXPECTED_SIZE, 1024, 1, Integer.MAX_VALUE);
    int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, expected - 1));
    int r = o.getInt(SUCCESSORS, Math.max(8, 2 * log2), 1, ChordMessages.MAX_CONTACTS - 1);
    int replicas = o.getInt(REPLICAS, 3, 1, r + 1);
    String mode = o.getString(LOOKUP, "iterative").trim().toLowerCase(Locale.ROOT);
    LookupMode lookup = switch (mode) {
      case "iterative" -> LookupMode.ITERATIVE;
      case "recursive" -> LookupMode.RECURSIVE;
      default -> throw new IllegalArgumentException("option lookup must be iterative or recursive, got '" + mode + "'");
    };
    return new ChordConfig(r, replicas,
        period(o, STABILIZE_MS, DEFAULT_STABILIZE_MS),
        period(o, FIX_FINGERS_MS, DEFAULT_FIX_FINGERS_MS),
        period(o, CHECK_PREDECESSOR_MS, DEFAULT_CHECK_PREDECESSOR_MS),
        period(o, SYNC_MS, DEFAULT_SYNC_MS),
        lookup, o.getInt(VIRTUAL_NODES, 1, 1, 64), backoff(o.getString(QUIET_BACKOFF, "all")));
  }

  private static Backoff backoff(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> Backoff.NONE;
      case "fingers" -> Backoff.FINGERS;
      case "all" -> Backoff.ALL;
      default -> throw new IllegalArgumentException("option " + QUIET_BACKOFF + " must be none, fingers or all, got '" + value + "'");
    };
  }

  private static long period(StrategyOptions o, String name, long def) {
    long v = o.getLong(name, def);
    if (v < 10 || v > 3_600_000) {
      throw new IllegalArgumentException("option " + name + " must be 10..3600000 ms, got " + v);
    }
    return v;
  }
}
