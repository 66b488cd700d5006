package io.hopscotch.transfer.swarm;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The swarm transfer's options, parsed and checked.
 *
 * @param pieceLength bytes per piece of published content ({@code piece-length}, default 262144)
 * @param host address the peer wire port binds to and is announced with ({@code host}; default: the
 *     node's own host)
 * @param port peer wire TCP port ({@code port}, default 0: any free port)
 * @param config engine tunables: {@code upload-slots} (4), {@code pipeline} (32), {@code max-peers}
 *     (50), {@code announce-ms} (60000), {@code upload-cap} bytes/s (0: none), {@code initial-seeding}
 *     (false: a seeder advertises every piece; true: a few least-uploaded pieces per peer at a time)
 * @param announceTtlMillis lifetime of an announcement in the overlay ({@code announce-ttl-ms},
 *     default 1,800,000; renewed at half of it)
 * @param trackers HTTP tracker announce URLs ({@code trackers}, comma-separated): written into published
 *     metainfo, and announced to (besides the overlay) for everything this node publishes
 * @param trackerPort TCP port on which the node hosts the standard HTTP tracker ({@code tracker-port};
 *     0: any free port; absent, {@value #NO_TRACKER}: no tracker); bound to {@code host}, started with
 *     the swarm
 */
public record SwarmOptions(int pieceLength, String host, int port, SwarmConfig config, long announceTtlMillis,
                           List<String> trackers, int trackerPort) {

  /** The {@link #trackerPort} of a node that hosts no tracker. */
  public static final int NO_TRACKER = -1;

  /** Every option name the swarm knows. */
  public static final Set<String> NAMES = Set.of("piece-length", "host", "port", "upload-slots", "pipeline", "max-peers",
      "announce-ms", "upload-cap", "announce-ttl-ms", "trackers", "initial-seeding", "tracker-port");

  /** Copies the trackers and checks the tracker port. */
  public SwarmOptions {
    trackers = List.copyOf(trackers);
    if (trackerPort < NO_TRACKER || trackerPort > 65535) {
      throw new IllegalArgumentException("tracker port must be in 0..65535 or " + NO_TRACKER + " for none, got " + trackerPort);
    }
  }

  /** Options without a hosted tracker. */
  public SwarmOptions(int pieceLength, String host, int port, SwarmConfig config, long announceTtlMillis, List<String> trackers) {
    this(pieceLength, host, port, config, announceTtlMillis, trackers, NO_TRACKER);
  }

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public static SwarmOptions parse(StrategyOptions o) {
    o.requireOnly("swarm", NAMES);
    int pieceLength = o.getInt("piece-length", Metainfo.DEFAULT_PIECE_LENGTH, 16 * 1024, Metainfo.MAX_PIECE_LENGTH);
    int port = o.getInt("port", 0, 0, 65535);
    SwarmConfig config;
    try {
      config = new SwarmConfig(o.getInt("upload-slots", 4, 1, 100), o.getInt("pipeline", 32, 1, 1024),
          o.getInt("max-peers", 50, 1, 1000), o.getLong("announce-ms", 60_000), o.getLong("upload-cap", 0),
          o.getBoolean("initial-seeding", false));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("swarm options: " + e.getMessage(), e);
    }
    long ttl = o.getLong("announce-ttl-ms", 1_800_000L);
    if (ttl < 1000) {
      throw new IllegalArgumentException("option announce-ttl-ms must be at least 1000, got " + ttl);
    }
    List<String> trackers = new ArrayList<>();
    for (String t : o.getString("trackers", "").split(",")) {
      if (!t.isBlank()) {
        if (!t.trim().startsWith("http://") && !t.trim().startsWith("https://")) {
          throw new IllegalArgumentException("option trackers: '" + t.trim() + "' is not an http(s) URL");
        }
        trackers.add(t.trim());
      }
    }
    String host = o.getString("host", null);
    int trackerPort = o.has("tracker-port") ? o.getInt("tracker-port", 0, 0, 65535) : NO_TRACKER;
    return new SwarmOptions(pieceLength, host, port, config, ttl, trackers, trackerPort);
  }
}
