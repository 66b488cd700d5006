package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Set;

/**
 * The central index's options, parsed and checked.
 *
 * @param indexServer true if this node serves the index ({@code index-server}, default false)
 * @param standby true if this index server mirrors a primary ({@code standby}, default false)
 * @param primary the primary's address ({@code primary}, HOST:PORT, required when standby)
 * @param leaseMillis how long a registration lasts unless renewed ({@code lease-ms}, default 30000);
 *     clients renew about every third of it, servers grant at most this much
 * @param maxEntries most (client, key) entries a server holds ({@code max-entries}, default 1,000,000)
 * @param maxEntriesPerClient most entries of one client ({@code max-entries-per-client},
 *     default the smaller of 100,000 and {@code max-entries})
 * @param probeBytes size of the bandwidth probe sent to candidate holders ({@code probe-bytes}, default 16384)
 */
public record CentralOptions(boolean indexServer, boolean standby, Address primary, long leaseMillis, int maxEntries,
                             int maxEntriesPerClient, int probeBytes) {

  /** Every option name the central index knows. */
  public static final Set<String> NAMES =
      Set.of("index-server", "standby", "primary", "lease-ms", "max-entries", "max-entries-per-client", "probe-bytes");

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static CentralOptions parse(StrategyOptions o) {
    o.requireOnly("central", NAMES);
    boolean server = o.getBoolean("index-server", false);
    boolean standby = o.getBoolean("standby", false);
    if (standby && !server) {
      throw new IllegalArgumentException("option standby=true needs index-server=true: only an index server can be a standby");
    }
    Address primary = null;
    if (o.has("primary")) {
      try {
        primary = Address.parse(o.getString("primary", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("option primary: " + e.getMessage(), e);
      }
    }
    if (standby && primary == null) {
      throw new IllegalArgumentException("option standby=true needs primary=HOST:PORT, the primary index server to mirror");
    }
    if (!standby && primary != null) {
      throw new IllegalArgumentException("option primary is only meaningful with standby=true");
    }
    long lease = o.getLong("lease-ms", 30_000);
    if (lease < 100) {
      throw new IllegalArgumentException("option lease-ms must be at least 100, got " + lease);
    }
    int max = o.getInt("max-entries", 1_000_000, 1, Integer.MAX_VALUE);
    int perClient = o.getInt("max-entries-per-client", Math.min(100_000, max), 1, Integer.MAX_VALUE);
    int probe = o.getInt("probe-bytes", 16_384, 0, io.hopscotch.core.impl.CoreMessages.MAX_PROBE_BYTES);
    return new CentralOptions(server, standby, primary, lease, max, perClient, probe);
  }
}
