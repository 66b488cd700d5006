package io.hopscotch.transfer.swarm.session;

/**
 * Tunables of a swarm engine.
 *
 * @param uploadSlots regular upload slots (default 4; one optimistic unchoke comes on top)
 * @param pipeline block requests kept in flight per peer (default 32)
 * @param maxPeers most connections per torrent (default 50)
 * @param announceMillis period of re-announcing and looking for more peers (default 60 s)
 * @param uploadBytesPerSecond upload cap per torrent in bytes per second, 0 for none (for experiments)
 * @param initialSeeding true to seed as {@link SeedingOffers} describes: announce a few pieces at a
 *     time to each peer, those uploaded least (default false)
 */
public record SwarmConfig(int uploadSlots, int pipeline, int maxPeers, long announceMillis, long uploadBytesPerSecond,
                          boolean initialSeeding) {

  /** The defaults. */
  public static final SwarmConfig DEFAULTS = new SwarmConfig(4, 32, 50, 60_000, 0);

  /** Checks the bounds. */
  public SwarmConfig {
    if (uploadSlots < 1 || pipeline < 1 || pipeline > 1024 || maxPeers < 1 || announceMillis < 100 || uploadBytesPerSecond < 0) {
      throw new IllegalArgumentException("invalid swarm config: slots " + uploadSlots + ", pipeline " + pipeline + ", max peers "
          + maxPeers + ", announce " + announceMillis + " ms, upload cap " + uploadBytesPerSecond);
    }
  }

  /** Tunables without initial seeding. */
  public SwarmConfig(int uploadSlots, int pipeline, int maxPeers, long announceMillis, long uploadBytesPerSecond) {
    this(uploadSlots, pipeline, maxPeers, announceMillis, uploadBytesPerSecond, false);
  }

  /** A copy with initial seeding on or off. */
  public SwarmConfig withInitialSeeding(boolean on) {
    return new SwarmConfig(uploadSlots, pipeline, maxPeers, announceMillis, uploadBytesPerSecond, on);
  }
}
