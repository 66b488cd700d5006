package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing tables behave as the maps they replace: random sequences of puts, gets and removes
 * over a small id space (so ids collide, repeat and come back after removal) agree with a {@link HashMap}.
 */
class FlatTablesTest {

  private static Key id(int i) {
    return Key.sha1("id-" + i);
  }

  @Test
  void idIndexAgreesWithAHashMap() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 3000)).checkAssert((seed, ops) -> {
      Random r = new Random(seed);
      int space = 1 + r.nextInt(600);
      IdIndex index = new IdIndex();
      Map<Key, Integer> model = new HashMap<>();
      for (int i = 0; i < ops; i++) {
        Key k = id(r.nextInt(space));
        switch (r.nextInt(3)) {
          case 0 -> {
            int slot = r.nextInt(1 << 20);
            index.put(k, slot);
            model.put(k, slot);
          }
          case 1 -> assertThat(index.remove(k)).isEqualTo(model.containsKey(k) ? model.remove(k) : -1);
          default -> assertThat(index.get(k)).isEqualTo(model.getOrDefault(k, -1));
        }
        assertThat(index.size()).isEqualTo(model.size());
      }
      for (int i = 0; i < space; i++) {
        assertThat(index.get(id(i))).isEqualTo(model.getOrDefault(id(i), -1));
      }
    });
  }

  @Test
  void entryTableAgreesWithAHashMap() {
    qt().withExamples(40).forAll(longs().all(), integers().between(1, 3000)).checkAssert((seed, ops) -> {
      Random r = new Random(seed);
      int space = 1 + r.nextInt(600);
      EntryTable table = new EntryTable();
      Map<Key, MemberEntry> model = new HashMap<>();
      for (int i = 0; i < ops; i++) {
        int n = r.nextInt(space);
        Key k = id(n);
        switch (r.nextInt(4)) {
          case 0, 1 -> {
            MemberEntry e = new MemberEntry(new Peer(k, new Address("sim", n)), r.nextLong(), new byte[0], new byte[0]);
            table.put(e);
            model.put(k, e);
          }
          case 2 -> {
            int mod = 2 + r.nextInt(5);
            table.removeIf(x -> Math.floorMod(x.hashCode(), mod) == 0);
            model.keySet().removeIf(x -> Math.floorMod(x.hashCode(), mod) == 0);
          }
          default -> assertThat(table.get(k)).isSameAs(model.get(k));
        }
        assertThat(table.size()).isEqualTo(model.size());
      }
      for (int i = 0; i < space; i++) {
        assertThat(table.get(id(i))).isSameAs(model.get(id(i)));
      }
    });
  }
}
