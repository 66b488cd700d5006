package io.hopscotch.chord;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.spi.StrategyOptions;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Recursive lookups, virtual nodes and option validation. */
class ChordModesTest {

  @Test
  void recursiveLookupsFindEveryKeyAndReportTheirPath() {
    try (ChordSimRing r = new ChordSimRing(7, Map.of(ChordConfig.LOOKUP, "recursive"))) {
      for (int i = 0; i < 16; i++) {
        r.join(i * 7);
      }
      r.settle(30_000);
      for (int i = 0; i < 20; i++) {
        SimNode p = r.live().get(i % 16);
        r.sim.await(p.put("rk" + i, ("rv" + i).getBytes(UTF_8)));
      }
      for (SimNode reader : r.live()) {
        for (int i = 0; i < 20; i++) {
          GetResult g = r.sim.await(reader.get("rk" + i));
          assertThat(g.valueAsString()).contains("rv" + i);
          assertThat(g.path()).hasSize(g.hops());
          assertThat(g.hops()).isLessThanOrEqualTo(5);
        }
        Key probe = Key.sha1("probe-" + reader.id());
        assertThat(r.sim.await(ChordSimRing.chord(reader).route(probe)).owners().get(0).id()).isEqualTo(r.successorOf(probe));
      }
    }
  }

  @Test
  void virtualNodesTakeSeveralRingPositionsAndLookupsEndAtTheRightOne() {
    try (ChordSimRing r = new ChordSimRing(11, Map.of(ChordConfig.VIRTUAL_NODES, "4"))) {
      for (int i = 0; i < 8; i++) {
        r.join(i * 3);
      }
      r.settle(40_000);
      TreeSet<Key> positions = new TreeSet<>();
      for (SimNode n : r.live()) {
        assertThat(ChordSimRing.chord(n).virtualIds()).hasSize(4).first().isEqualTo(n.id());
        positions.addAll(ChordSimRing.chord(n).virtualIds());
      }
      assertThat(positions).hasSize(32);
      for (SimNode n : r.live()) {
        for (int i = 0; i < 10; i++) {
          Key k = Key.sha1("vk-" + n.id() + "-" + i);
          Key want = positions.ceiling(k) != null ? positions.ceiling(k) : positions.first();
          assertThat(r.sim.await(ChordSimRing.chord(n).route(k)).owners().get(0).id()).isEqualTo(want);
        }
      }
      r.sim.await(r.live().get(0).put("vkey", "vvalue".getBytes(UTF_8)));
      r.sim.crash(r.live().get(3));
      r.settle(20_000);
      for (SimNode n : r.live()) {
        assertThat(r.sim.await(n.get("vkey")).valueAsString()).contains("vvalue");
      }
    }
  }

  @Test
  void lookupsRouteAroundACrashBeforeAnyRepair() {
    try (ChordSimRing r = new ChordSimRing(5, Map.of())) {
      for (int i = 0; i < 12; i++) {
        r.join(i * 11);
      }
      r.settle(30_000);
      for (int i = 0; i < 30; i++) {
        r.sim.await(r.live().get(i % 12).put("ck" + i, ("cv" + i).getBytes(UTF_8)));
      }
      r.sim.crash(r.live().get(4));
      // No settling: the dead node is still in every table that knew it.
      for (SimNode reader : r.live()) {
        for (int i = 0; i < 30; i++) {
          assertThat(r.sim.await(reader.get("ck" + i)).valueAsString()).as("ck%d from %s", i, reader.id()).contains("cv" + i);
        }
      }
    }
  }

  @Test
  void optionsAreValidatedByName() {
    ChordProvider p = new ChordProvider();
    assertThat(ChordConfig.from(StrategyOptions.empty()).successors()).isEqualTo(20);
    assertThat(ChordConfig.from(StrategyOptions.of(Map.of("expected-size", "16"))).successors()).isEqualTo(8);
    assertThat(ChordConfig.from(StrategyOptions.empty()).lookup()).isEqualTo(ChordConfig.LookupMode.ITERATIVE);
    assertThatThrownBy(() -> p.create(StrategyOptions.of(Map.of("sucessors", "4")))).hasMessageContaining("unknown option 'sucessors'");
    assertThatThrownBy(() -> p.create(StrategyOptions.of(Map.of("lookup", "magic")))).hasMessageContaining("iterative or recursive");
    assertThatThrownBy(() -> p.create(StrategyOptions.of(Map.of("replicas", "0")))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> p.create(StrategyOptions.of(Map.of("stabilize-ms", "1")))).hasMessageContaining("stabilize-ms");
    assertThat(ChordConfig.from(StrategyOptions.empty()).quietBackoff()).isEqualTo(ChordConfig.Backoff.ALL);
    assertThat(ChordConfig.from(StrategyOptions.of(Map.of("quiet-backoff", "NONE"))).quietBackoff()).isEqualTo(ChordConfig.Backoff.NONE);
    assertThatThrownBy(() -> p.create(StrategyOptions.of(Map.of("quiet-backoff", "sometimes")))).hasMessageContaining("none, fingers or all");
  }
}
