package io.hopscotch.kelips;

import io.hopscotch.core.spi.StrategyOptions;
import java.util.Set;

/**
 * Kelips's options, parsed and checked.
 *
 * @param groups number of affinity groups k ({@code groups}, or derived from {@code expected-size} N as
 *     round(√N); default 8)
 * @param contacts contacts kept per foreign group ({@code contacts}, default 2)
 * @param gossipMillis period of a gossip round in milliseconds ({@code gossip-ms}, default 1000)
 * @param gossipBytes bytes a node may send per gossip round, all messages of the round together
 *     ({@code gossip-bytes}, default 4096)
 * @param fanout members of the own group gossiped to per round while there is news to spread
 *     ({@code fanout}, default 3); one member is probed and one foreign contact exchanged with on top, every
 *     round
 * @param failureTimeoutMillis scale of failure detection ({@code failure-timeout-ms}, default 30000, at
 *     least three gossip periods): a probe of a group member waits a third of it (at most the request
 *     timeout) and a member that fails two probes in a row is evicted, so a dead member is found within
 *     about this time of being probed; obituaries are kept twice as long
 * @param inlineValues whether a record small enough travels with its tuple ({@code inline-values},
 *     default true): then {@code get} is answered by the contact alone and survives the publisher's crash
 * @param inlineMaxBytes largest encoded record that travels with its tuple ({@code inline-max-bytes},
 *     default 1024)
 * @param syncRounds every this many rounds a node compares its tuples with a random group member and
 *     pulls what differs ({@code sync-rounds}, default 10)
 * @param republishMillis a publisher re-inserts the tuples of its live records this often
 *     ({@code republish-ms}, default 300000; 0 never), which heals a group that lost every replica
 * @param maxTuples most tuples a node holds ({@code max-tuples}, default 1,000,000)
 */
public record KelipsOptions(int groups, int contacts, long gossipMillis, int gossipBytes, int fanout, long failureTimeoutMillis,
                            boolean inlineValues, int inlineMaxBytes, int syncRounds, long republishMillis, int maxTuples) {

  /** Every option name Kelips knows. */
  public static final Set<String> NAMES = Set.of("groups", "expected-size", "contacts", "gossip-ms", "gossip-bytes", "fanout",
      "failure-timeout-ms", "inline-values", "inline-max-bytes", "sync-rounds", "republish-ms", "max-tuples");

  /** Groups when neither {@code groups} nor {@code expected-size} is given. */
  public static final int DEFAULT_GROUPS = 8;
  /** Smallest gossip budget: room for a heartbeat and a few entries. */
  public static final int MIN_GOSSIP_BYTES = 512;

  /** The defaults. */
  public static KelipsOptions defaults() {
    return parse(StrategyOptions.empty());
  }

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static KelipsOptions parse(StrategyOptions o) {
    o.requireOnly(KelipsProvider.NAME, NAMES);
    if (o.has("groups") && o.has("expected-size")) {
      throw new IllegalArgumentException("options groups and expected-size both set: give k directly or the expected N, not both");
    }
    int groups = DEFAULT_GROUPS;
    if (o.has("groups")) {
      groups = o.getInt("groups", DEFAULT_GROUPS, 1, 1 << 16);
    } else if (o.has("expected-size")) {
      groups = groupsFor(o.getInt("expected-size", 64, 1, Integer.MAX_VALUE));
    }
    int contacts = o.getInt("contacts", 2, 1, 16);
    long gossip = o.getLong("gossip-ms", 1000);
    if (gossip < 10 || gossip > 3_600_000) {
      throw new IllegalArgumentException("option gossip-ms must be in 10..3600000, got " + gossip);
    }
    int bytes = o.getInt("gossip-bytes", 4096, MIN_GOSSIP_BYTES, 1 << 20);
    int fanout = o.getInt("fanout", 3, 1, 32);
    long timeout = o.getLong("failure-timeout-ms", Math.max(30_000, 10 * gossip));
    if (timeout < 3 * gossip) {
      throw new IllegalArgumentException("option failure-timeout-ms must be at least three gossip periods (" + 3 * gossip
          + " ms), got " + timeout);
    }
    boolean inline = o.getBoolean("inline-values", true);
    int inlineMax = o.getInt("inline-max-bytes", 1024, 0, KelipsMessages.MAX_INLINE_RECORD_BYTES);
    int sync = o.getInt("sync-rounds", 10, 1, 1_000_000);
    long republish = o.getLong("republish-ms", 300_000);
    if (republish != 0 && republish < gossip) {
      throw new IllegalArgumentException("option republish-ms must be 0 (never) or at least gossip-ms (" + gossip + "), got " + republish);
    }
    int maxTuples = o.getInt("max-tuples", 1_000_000, 1, Integer.MAX_VALUE);
    return new KelipsOptions(groups, contacts, gossip, bytes, fanout, timeout, inline, inlineMax, sync, republish, maxTuples);
  }

  /** The paper's choice of k for an expected system size N: round(√N), at least 1. */
  public static int groupsFor(int expectedSize) {
    return (int) Math.max(1, Math.round(Math.sqrt(expectedSize)));
  }
}
