package io.hopscotch.chord;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.sim.SimNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Chord's invariants over random networks, join orders and failure sets, with shrinking to a minimal
 * failing network: one ring, correct fingers, lookups that end at successor(key) within
 * ⌈log2 N⌉ + 1 hops, and no key lost to joins, graceful leaves and fewer-than-replicas crashes.
 */
class ChordRingPropertyTest {

  /** Long enough for fix-fingers to cycle through every distinct finger at the test periods. */
  private static final long SETTLE_MS = 30_000;

  private static int ceilLog2(int n) {
    return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  @Test
  void afterStabilizationTheRingFingersAndLookupsAreExact() {
    qt().withExamples(25).withShrinkCycles(20)
        .forAll(lists().of(integers().between(0, 1000)).ofSizeBetween(1, 23), longs().between(1, 1_000_000), booleans().all())
        .checkAssert((joinOrder, seed, defaultPeriods) -> {
          // With the default periods, nodes join much faster than the ring stabilizes.
          Map<String, String> periods = defaultPeriods ? Map.of(ChordConfig.STABILIZE_MS, "4000", ChordConfig.FIX_FINGERS_MS, "8000",
              ChordConfig.CHECK_PREDECESSOR_MS, "8000", ChordConfig.SYNC_MS, "60000") : Map.of();
          try (ChordSimRing r = new ChordSimRing(seed, periods)) {
            r.join(0);
            for (int pick : joinOrder) {
              r.join(pick);
            }
            r.settle(defaultPeriods ? 10 * SETTLE_MS : SETTLE_MS);
            checkRing(r);
            checkFingers(r);
            checkLookups(r, seed);
          }
        });
  }

  /** Successor and predecessor pointers form one ring with every live node. */
  static void checkRing(ChordSimRing r) {
    TreeMap<Key, SimNode> ring = r.ring();
    List<Key> ids = new ArrayList<>(ring.keySet());
    for (int i = 0; i < ids.size(); i++) {
      ChordRouting c = ChordSimRing.chord(ring.get(ids.get(i)));
      Key expectedSucc = ids.get((i + 1) % ids.size());
      Key expectedPred = ids.get((i - 1 + ids.size()) % ids.size());
      if (ids.size() == 1) {
        assertThat(c.successors(0)).as("successors of a lone node").isEmpty();
        continue;
      }
      assertThat(c.successors(0)).as("successor list of %s", ids.get(i)).isNotEmpty();
      assertThat(c.successors(0).get(0).id()).as("successor of %s", ids.get(i)).isEqualTo(expectedSucc);
      assertThat(c.predecessor(0)).as("predecessor of %s", ids.get(i)).isNotNull();
      assertThat(c.predecessor(0).id()).as("predecessor of %s", ids.get(i)).isEqualTo(expectedPred);
      List<Key> list = c.successors(0).stream().map(Contact::id).toList();
      for (int j = 0; j < list.size(); j++) {
        assertThat(list.get(j)).as("successor %d of %s", j, ids.get(i)).isEqualTo(ids.get((i + 1 + j) % ids.size()));
      }
    }
    // Walking successors from any node visits every live node once.
    Set<Key> seen = new HashSet<>();
    Key at = ids.get(0);
    for (int step = 0; step < ids.size(); step++) {
      assertThat(seen.add(at)).as("ring revisits %s", at).isTrue();
      List<Contact> s = ChordSimRing.chord(ring.get(at)).successors(0);
      at = s.isEmpty() ? at : s.get(0).id();
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  /** Finger i = successor(n + 2^i) for every i. */
  static void checkFingers(ChordSimRing r) {
    for (SimNode n : r.live()) {
      ChordRouting c = ChordSimRing.chord(n);
      if (r.live().size() == 1) {
        continue;
      }
      for (int i = 0; i < Key.BITS; i++) {
        Key want = r.successorOf(n.id().addPowerOfTwo(i));
        Contact f = c.finger(0, i);
        if (want.equals(n.id())) {
          assertThat(f).as("finger %d of %s wraps to itself", i, n.id()).isNull();
        } else {
          assertThat(f).as("finger %d of %s", i, n.id()).isNotNull();
          assertThat(f.id()).as("finger %d of %s", i, n.id()).isEqualTo(want);
        }
      }
    }
  }

  /** Every lookup from every node ends at successor(key) within ⌈log2 N⌉ + 1 hops. */
  static void checkLookups(ChordSimRing r, long seed) {
    Random rnd = new Random(seed);
    int n = r.live().size();
    for (SimNode origin : r.live()) {
      for (int k = 0; k < 8; k++) {
        Key key = Key.sha1("probe-" + rnd.nextLong());
        ChordLookup.Result res = r.sim.await(ChordSimRing.chord(origin).route(key));
        assertThat(res.owners().get(0).id()).as("owner of %s from %s", key, origin.id()).isEqualTo(r.successorOf(key));
        GetResult g = r.sim.await(origin.get(key));
        assertThat(g.hops()).as("hops of get %s from %s among %d nodes", key, origin.id(), n).isLessThanOrEqualTo(ceilLog2(n) + 1);
      }
    }
  }

  @Test
  void noKeyIsLostToJoinsLeavesAndFewerThanReplicasCrashes() {
    // ops: value % 4 == 0 join, 1 leave, 2 crash one, 3 crash two at once (replicas − 1)
    qt().withExamples(20).withShrinkCycles(20)
        .forAll(integers().between(4, 14), lists().of(integers().between(0, 4000)).ofSizeBetween(1, 8), longs().between(1, 1_000_000))
        .checkAssert((size, ops, seed) -> {
          try (ChordSimRing r = new ChordSimRing(seed, Map.of())) {
            Random rnd = new Random(seed);
            for (int i = 0; i < size; i++) {
              r.join(rnd.nextInt(1000));
            }
            r.settle(5_000);
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
              SimNode p = r.live().get(rnd.nextInt(r.live().size()));
              kv.put("k" + i, "v" + i + "-" + seed);
              r.sim.await(p.put("k" + i, kv.get("k" + i).getBytes(UTF_8)));
            }
            r.settle(5_000);
            for (int op : ops) {
              List<SimNode> live = new ArrayList<>(r.live());
              int pick = op / 4;
              switch (op % 4) {
                case 0 -> r.join(pick);
                case 1 -> {
                  if (live.size() > 3) {
                    SimNode n = live.get(pick % live.size());
                    r.sim.await(n.leave());
                    r.sim.await(n.close());
                  }
                }
                default -> {
                  int crashes = op % 4 == 2 ? 1 : 2;
                  for (int c = 0; c < crashes && live.size() > 3; c++) {
                    r.sim.crash(live.remove((pick + c) % live.size()));
                  }
                }
              }
              r.settle(10_000);
            }
            for (SimNode reader : r.live()) {
              for (Map.Entry<String, String> e : kv.entrySet()) {
                GetResult g = r.sim.await(reader.get(e.getKey()));
                assertThat(g.valueAsString()).as("get %s from %s after ops %s", e.getKey(), reader.id(), ops).contains(e.getValue());
              }
            }
          }
        });
  }
}
