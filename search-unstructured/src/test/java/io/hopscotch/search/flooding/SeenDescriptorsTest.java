package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The seen-descriptor cache: duplicates are refused while an id is remembered, the reverse route is
 * the neighbour of the first sighting, ids expire on the node clock (not the wall clock), and the
 * number of ids kept never exceeds the bound.
 */
class SeenDescriptorsTest {

  /** A clock that moves only when the test moves it. */
  private static final class ManualClock implements Clock {
    long nanos = 1_000_000_000L;

    @Override
    public long millis() {
      return nanos / 1_000_000;
    }

    @Override
    public long nanos() {
      return nanos;
    }

    void advanceMillis(long ms) {
      nanos += ms * 1_000_000;
    }
  }

  private static Peer peer(int port) {
    return new Peer(Key.sha1("peer-" + port), Address.of("127.0.0.1", port));
  }

  @Test
  void aDuplicateIsRefusedAndTheFirstSenderIsTheRoute() {
    SeenDescriptors seen = new SeenDescriptors(64, 10_000, new ManualClock());
    Descriptor.Id id = Descriptor.Id.random(new Random(1));

    assertThat(seen.firstSighting(id, peer(1))).isTrue();
    assertThat(seen.firstSighting(id, peer(2))).isFalse();
    assertThat(seen.routeOf(id)).isEqualTo(peer(1));
    assertThat(seen.routeOf(Descriptor.Id.random(new Random(2)))).isNull();
  }

  @Test
  void idsExpireAfterTheirTimeOnTheNodeClock() {
    ManualClock clock = new ManualClock();
    SeenDescriptors seen = new SeenDescriptors(64, 10_000, clock);
    Descriptor.Id id = Descriptor.Id.random(new Random(3));
    seen.firstSighting(id, peer(1));

    clock.advanceMillis(9_999);
    assertThat(seen.routeOf(id)).isEqualTo(peer(1));
    assertThat(seen.firstSighting(id, peer(2))).isFalse();

    clock.advanceMillis(2);
    assertThat(seen.routeOf(id)).isNull();
    assertThat(seen.firstSighting(id, peer(2))).as("an expired id counts as new again").isTrue();
    assertThat(seen.routeOf(id)).isEqualTo(peer(2));
  }

  @Test
  void expiryCountsFromTheFirstSightingNotFromLaterDuplicates() {
    ManualClock clock = new ManualClock();
    SeenDescriptors seen = new SeenDescriptors(64, 10_000, clock);
    Descriptor.Id id = Descriptor.Id.random(new Random(4));
    seen.firstSighting(id, peer(1));
    clock.advanceMillis(6_000);
    seen.firstSighting(id, peer(2));
    clock.advanceMillis(6_000);

    assertThat(seen.routeOf(id)).isNull();
  }

  @Test
  void theNumberOfIdsKeptNeverExceedsTheBound() {
    SeenDescriptors seen = new SeenDescriptors(16, 60_000, new ManualClock());
    Random r = new Random(5);
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.firstSighting(Descriptor.Id.random(r), peer(1 + i % 7))).isTrue();
      assertThat(seen.size()).isLessThanOrEqualTo(16);
    }
  }

  @Test
  void clearForgetsEverything() {
    SeenDescriptors seen = new SeenDescriptors(64, 10_000, new ManualClock());
    Descriptor.Id id = Descriptor.Id.random(new Random(6));
    seen.firstSighting(id, peer(1));
    seen.clear();

    assertThat(seen.size()).isZero();
    assertThat(seen.firstSighting(id, peer(2))).isTrue();
  }
}
