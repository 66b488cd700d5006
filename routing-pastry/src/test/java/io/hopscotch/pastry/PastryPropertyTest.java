package io.hopscotch.pastry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pastry's invariants over random rings and random failure sets, with shrinking to a small failing
 * ring: after maintenance every route ends at the numerically closest live node within
 * ⌈log_{2^b} N⌉ + 1 hops; every leaf set holds exactly the L/2 closest live ids on each side; every
 * routing-table entry sits in the row and column its id dictates; fewer than {@code replicas} crashes
 * lose no key.
 */
class PastryPropertyTest {

  private static final long QT_SEED = 20_011_105L;
  /** Virtual time for maintenance after joins and after crashes: ten leaf-set periods. */
  private static final long SETTLE_MILLIS = 300_000;

  private static Map<String, String> options(int b, int leafSet) {
    return Map.of(PastryConfig.B, Integer.toString(b), PastryConfig.LEAF_SET, Integer.toString(leafSet));
  }

  private static int bits(int choice) {
    return choice == 0 ? 2 : 4;
  }

  private static int leafSetSize(int choice) {
    return 4 << choice; // 4, 8 or 16
  }

  @Test
  void afterMaintenanceRoutesEndAtTheClosestLiveNodeWithinTheHopBound() {
    qt().withFixedSeed(QT_SEED).withExamples(25)
        .forAll(longs().between(1, 1_000_000), integers().between(1, 40), integers().between(0, 5), integers().between(0, 30))
        .checkAssert((seed, size, shape, failPercent) -> {
          // shape picks b in {2, 4} and L in {4, 8, 16}
          int b = bits(shape / 3);
          try (PastryTestNetwork net = new PastryTestNetwork(seed, size, options(b, leafSetSize(shape % 3)))) {
            net.sim.runFor(SETTLE_MILLIS);
            net.crash(size * failPercent / 100);
            net.sim.runFor(SETTLE_MILLIS);
            List<SimNode> live = net.live();
            int n = live.size();
            int bound = (int) Math.ceil(Math.log(n) / Math.log(1 << b) - 1e-9) + 1;
            for (int i = 0; i < 20; i++) {
              Key key = Key.sha1("route-" + seed + "-" + i);
              SimNode origin = live.get(net.random.nextInt(n));
              GetResult r = net.sim.await(origin.get(key));
              Key end = r.path().isEmpty() ? origin.self().id() : r.path().get(r.path().size() - 1).id();
              assertThat(end).as("root of %s from %s among %d live nodes", key, origin.self().id(), n).isEqualTo(net.closestLive(key));
              assertThat(r.hops()).as("hops to %s among %d live nodes (b=%d)", key, n, b).isLessThanOrEqualTo(bound);
            }
          }
        });
  }

  @Test
  void afterMaintenanceEveryLeafSetHoldsExactlyTheClosestLiveIds() {
    qt().withFixedSeed(QT_SEED).withExamples(25)
        .forAll(longs().between(1, 1_000_000), integers().between(1, 40), integers().between(0, 2), integers().between(0, 30))
        .checkAssert((seed, size, lChoice, failPercent) -> {
          int l = leafSetSize(lChoice);
          try (PastryTestNetwork net = new PastryTestNetwork(seed, size, options(4, l))) {
            net.sim.runFor(SETTLE_MILLIS);
            net.crash(size * failPercent / 100);
            net.sim.runFor(SETTLE_MILLIS);
            for (SimNode node : net.live()) {
              List<List<Peer>> actual = PastryTestNetwork.strategy(node).leafSet();
              List<List<Key>> expected = net.trueLeafSet(node, l);
              assertThat(PastryTestNetwork.ids(actual.get(0))).as("left leaves of %s", node.self().id()).isEqualTo(expected.get(0));
              assertThat(PastryTestNetwork.ids(actual.get(1))).as("right leaves of %s", node.self().id()).isEqualTo(expected.get(1));
            }
          }
        });
  }

  @Test
  void everyRoutingTableEntrySitsInTheRowAndColumnItsIdDictates() {
    qt().withFixedSeed(QT_SEED).withExamples(20)
        .forAll(longs().between(1, 1_000_000), integers().between(2, 60), integers().between(0, 1))
        .checkAssert((seed, size, bChoice) -> {
          int b = bits(bChoice);
          try (PastryTestNetwork net = new PastryTestNetwork(seed, size, options(b, 8))) {
            net.sim.runFor(SETTLE_MILLIS);
            for (SimNode node : net.live()) {
              PastryRouting s = PastryTestNetwork.strategy(node);
              Key self = node.self().id();
              for (int row = 0; row < s.routingTableRows(); row++) {
                for (int digit = 0; digit < (1 << b); digit++) {
                  Peer p = s.routingTableEntry(row, digit);
                  if (p != null) {
                    assertThat(self.sharedPrefixDigits(p.id(), b)).as("shared digits of %s in row %d of %s", p.id(), row, self).isEqualTo(row);
                    assertThat(p.id().digit(row, b)).as("digit %d of %s in column %d", row, p.id(), digit).isEqualTo(digit);
                  }
                }
              }
            }
          }
        });
  }

  @Test
  void fewerCrashesThanReplicasLoseNoKey() {
    qt().withFixedSeed(QT_SEED).withExamples(20)
        .forAll(longs().between(1, 1_000_000), integers().between(4, 40), integers().between(1, 4), integers().between(1, 30))
        .checkAssert((seed, size, replicas, keys) -> {
          Map<String, String> o = Map.of(PastryConfig.REPLICAS, Integer.toString(replicas), PastryConfig.LEAF_SET, "8");
          try (PastryTestNetwork net = new PastryTestNetwork(seed, size, o)) {
            List<SimNode> live = net.live();
            for (int k = 0; k < keys; k++) {
              net.sim.await(live.get(net.random.nextInt(live.size())).put("key-" + k, ("v" + k).getBytes(StandardCharsets.UTF_8)));
            }
            net.crash(Math.min(replicas - 1, size - 1));
            net.sim.runFor(SETTLE_MILLIS);
            List<SimNode> after = new ArrayList<>(net.live());
            for (int k = 0; k < keys; k++) {
              SimNode reader = after.get(net.random.nextInt(after.size()));
              assertThat(net.sim.await(reader.get("key-" + k)).valueAsString()).as("key-%d after crashes", k).contains("v" + k);
            }
          }
        });
  }
}
