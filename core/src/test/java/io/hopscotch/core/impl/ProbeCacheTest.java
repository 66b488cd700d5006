package io.hopscotch.core.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.ProbeResult;
import org.junit.jupiter.api.Test;

class ProbeCacheTest {

  private long now = 0;
  private final Clock clock = new Clock() {
    @Override
    public long millis() {
      return now;
    }

    @Override
    public long nanos() {
      return now * 1_000_000;
    }
  };

  private static Peer peer(int i) {
    return new Peer(Key.sha1("p" + i), Address.of("127.0.0.1", 1000 + i));
  }

  @Test
  void reusesAResultUntilItAgesOrAskedForMore() {
    ProbeCache cache = new ProbeCache(clock, 1000, 10);
    ProbeResult r = new ProbeResult(peer(1), 5, 1e6);
    cache.put(peer(1), 16_384, r);
    assertThat(cache.get(peer(1), 0)).isEqualTo(r);
    assertThat(cache.get(peer(1), 16_384)).isEqualTo(r);
    assertThat(cache.get(peer(1), 65_536)).as("measured with a smaller payload").isNull();
    now = 999;
    assertThat(cache.get(peer(1), 0)).isEqualTo(r);
    now = 1000;
    assertThat(cache.get(peer(1), 0)).isNull();
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
    ProbeCache cache = new ProbeCache(clock, 1000, 2);
    cache.put(peer(1), 0, new ProbeResult(peer(1), 1, 1));
    cache.put(peer(2), 0, new ProbeResult(peer(2), 1, 1));
    cache.get(peer(1), 0);
    cache.put(peer(3), 0, new ProbeResult(peer(3), 1, 1));
    assertThat(cache.get(peer(1), 0)).isNotNull();
    assertThat(cache.get(peer(2), 0)).isNull();
    assertThat(cache.get(peer(3), 0)).isNotNull();
  }

  @Test
  void aZeroLifetimeDisablesIt() {
    ProbeCache cache = new ProbeCache(clock, 0, 10);
    cache.put(peer(1), 0, new ProbeResult(peer(1), 1, 1));
    assertThat(cache.get(peer(1), 0)).isNull();
  }
}
