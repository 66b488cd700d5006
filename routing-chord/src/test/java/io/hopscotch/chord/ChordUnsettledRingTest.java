package io.hopscotch.chord;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.sim.SimNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Puts made while the ring is still converging (right after a burst of joins) must be readable soon
 * after, not only once the periodic replica sweep has moved them to their owner.
 */
class ChordUnsettledRingTest {

  /** A sweep far beyond the test's horizon, so only put and get themselves can make the records findable. */
  private static final Map<String, String> NO_SWEEP = Map.of(ChordConfig.SYNC_MS, "600000");

  @Test
  void putsRightAfterABurstOfJoinsAreReadableAfterAShortSettle() {
    Random random = new Random(17);
    try (ChordSimRing r = new ChordSimRing(17, NO_SWEEP)) {
      for (int i = 0; i < 6; i++) {
        r.join(i);
      }
      r.settle(10_000);
      // Every publisher puts a first version while the ring is settled...
      for (int i = 0; i < 30; i++) {
        r.sim.await(r.live().get(i % 6).put("uk" + i, ("old" + i).getBytes(UTF_8)));
      }
      r.joinBurst(24, random);
      // ...and a second one, plus new keys, from old and new nodes alike, right after the burst.
      List<Future<Void>> puts = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        puts.add(r.live().get(i % 6).put("uk" + i, ("new" + i).getBytes(UTF_8)));
      }
      for (int i = 0; i < 60; i++) {
        SimNode p = r.live().get(random.nextInt(r.live().size()));
        puts.add(p.put("fresh" + i, ("fv" + i).getBytes(UTF_8)));
      }
      r.sim.await(Future.all(puts));
      r.settle(1_500); // five stabilize periods of the test profile; the sweep is minutes away
      List<String> misses = new ArrayList<>();
      for (SimNode reader : r.live()) {
        for (int i = 0; i < 30; i++) {
          GetResult g = r.sim.await(reader.get("uk" + i));
          if (!g.valueAsString().equals(java.util.Optional.of("new" + i))) {
            misses.add("uk" + i + " from " + reader.id() + ": " + g.valueAsString());
          }
        }
        for (int i = 0; i < 60; i += 3) {
          GetResult g = r.sim.await(reader.get("fresh" + i));
          if (!g.valueAsString().equals(java.util.Optional.of("fv" + i))) {
            misses.add("fresh" + i + " from " + reader.id() + ": " + g.valueAsString());
          }
        }
      }
      assertThat(misses).isEmpty();
    }
  }
}
