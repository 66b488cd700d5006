package io.hopscotch.chord;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replica repair after crashes must not wait for the slow steps of the quiet back-off (the default):
 * the shapes below are the ones that lost keys under churn, replayed on a small simulated ring with
 * check-predecessor and the sweep pushed far beyond the test's horizon, so only the prompt repair paths
 * can save the keys.
 */
class ChordCrashRepairTest {

  /** Check-predecessor's silence and the sweep far away; the test profile's 300 ms stabilize otherwise. */
  private static final Map<String, String> SLOW_CHECKS = Map.of(ChordConfig.CHECK_PREDECESSOR_MS, "60000",
      ChordConfig.SYNC_MS, "600000");
  private static final int NODES = 16;
  private static final int KEYS = 40;

  @Test
  void lastHolderCrashingSoonAfterOwnerAndFirstReplicaLosesNothing() {
    try (ChordSimRing r = ring()) {
      List<SimNode> holders = holdersOf(r, Key.sha1("k0"));
      // The owner and its first replica crash together: only the second replica holds the owner's range,
      // and it still believes its predecessor (the first replica) alive.
      r.sim.crash(holders.get(0));
      r.sim.crash(holders.get(1));
      r.settle(1_500); // five stabilize periods: the owner's predecessor has stabilized past both
      r.sim.crash(holders.get(2));
      r.settle(3_000);
      assertThat(unreadable(r)).isEmpty();
    }
  }

  @Test
  void ownerAndFirstReplicaCrashingSoonAfterSecondReplicaLosesNothing() {
    try (ChordSimRing r = ring()) {
      List<SimNode> holders = holdersOf(r, Key.sha1("k0"));
      // The second replica crashes; the owner learns of it only through its successor.
      r.sim.crash(holders.get(2));
      r.settle(1_200);
      r.sim.crash(holders.get(0));
      r.sim.crash(holders.get(1));
      r.settle(3_000);
      assertThat(unreadable(r)).isEmpty();
    }
  }

  /** A settled ring of {@link #NODES} nodes holding keys k0 … k39, every node quiet. */
  private static ChordSimRing ring() {
    ChordSimRing r = new ChordSimRing(23, SLOW_CHECKS);
    for (int i = 0; i < NODES; i++) {
      r.join(i * 7);
    }
    r.settle(20_000);
    for (int i = 0; i < KEYS; i++) {
      r.sim.await(r.live().get(i % NODES).put("k" + i, ("v" + i).getBytes(UTF_8)));
    }
    r.settle(10_000);
    return r;
  }

  /** The key's owner and its next two live successors, in ring order. */
  private static List<SimNode> holdersOf(ChordSimRing r, Key key) {
    List<SimNode> out = new ArrayList<>();
    Key at = r.successorOf(key);
    var ring = r.ring();
    for (int i = 0; i < 3; i++) {
      out.add(ring.get(at));
      Key next = ring.higherKey(at);
      at = next != null ? next : ring.firstKey();
    }
    for (SimNode h : out) {
      assertThat(h.engine().store().contains(key)).as("holder %s holds the key before the crashes", h.id()).isTrue();
    }
    return out;
  }

  /** The keys some live node cannot read (each read from three readers). */
  private static List<String> unreadable(ChordSimRing r) {
    List<String> misses = new ArrayList<>();
    List<SimNode> live = r.live();
    for (int i = 0; i < KEYS; i++) {
      for (int j = 0; j < 3; j++) {
        SimNode reader = live.get((i + j * 5) % live.size());
        GetResult g = r.sim.await(reader.get("k" + i).otherwise((GetResult) null));
        Optional<String> got = g == null ? Optional.of("(get failed)") : g.valueAsString();
        if (!got.equals(Optional.of("v" + i))) {
          misses.add("k" + i + " from " + reader.id() + ": " + got);
        }
      }
    }
    return misses;
  }
}
