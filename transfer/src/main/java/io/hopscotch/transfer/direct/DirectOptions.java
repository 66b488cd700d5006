package io.hopscotch.transfer.direct;

import io.hopscotch.core.impl.CoreMessages;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Set;

/**
 * The direct transfer's options, parsed and checked.
 *
 * @param chunkBytes bytes per chunk request ({@code chunk-bytes}, default 262144, 1 KiB to 1 MiB)
 * @param window chunk requests in flight at once ({@code window}, default 4, 1 to 64)
 * @param probeBytes bandwidth probe size sent to candidate holders ({@code probe-bytes}, default 16384)
 * @param announceTtlMillis lifetime of a holder announcement; re-announced at half of it
 *     ({@code announce-ttl-ms}, default 3,600,000)
 */
public record DirectOptions(int chunkBytes, int window, int probeBytes, long announceTtlMillis) {

  /** Every option name the direct transfer knows. */
  public static final Set<String> NAMES = Set.of("chunk-bytes", "window", "probe-bytes", "announce-ttl-ms");

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static DirectOptions parse(StrategyOptions o) {
    o.requireOnly("direct", NAMES);
    int chunk = o.getInt("chunk-bytes", 256 * 1024, 1024, DirectMessages.MAX_CHUNK_BYTES);
    int window = o.getInt("window", 4, 1, 64);
    int probe = o.getInt("probe-bytes", 16_384, 0, CoreMessages.MAX_PROBE_BYTES);
    long ttl = o.getLong("announce-ttl-ms", 3_600_000L);
    if (ttl < 1000) {
      throw new IllegalArgumentException("option announce-ttl-ms must be at least 1000, got " + ttl);
    }
    return new DirectOptions(chunk, window, probe, ttl);
  }
}
