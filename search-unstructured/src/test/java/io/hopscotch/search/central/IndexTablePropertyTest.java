package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Signer;
import io.hopscotch.core.sim.SimulatedSigner;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After any sequence of registrations, refusals and expiries, the table agrees with a plain model:
 * the same entries per client, holders and search answers derived from them, and the bounds hold.
 */
class IndexTablePropertyTest {

  private static final int MAX_ENTRIES = 12;
  private static final int MAX_PER_CLIENT = 6;
  private static final long LEASE = 100;
  /** Cheap deterministic signers: this test is about the table, not the signatures. */
  private static final List<Signer> SIGNERS = List.of(SimulatedSigner.of(1, 0), SimulatedSigner.of(1, 1), SimulatedSigner.of(1, 2));

  @Test
  void tableMatchesAModel() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(this::run);
  }

  private void run(long seed) {
    Random r = new Random(seed);
    IndexTable table = new IndexTable(MAX_ENTRIES, MAX_PER_CLIENT);
    Map<Key, Map<Key, SharedItem>> model = new HashMap<>();
    Map<Key, Long> leases = new HashMap<>();
    Map<Key, Long> seqs = new HashMap<>();
    long now = 0;
    for (int step = 0; step < 40; step++) {
      now += r.nextInt(40);
      long t = now;
      model.keySet().removeIf(c -> leases.get(c) <= t);
      Signer id = SIGNERS.get(r.nextInt(SIGNERS.size()));
      long seq = seqs.merge(id.id(), 1L + r.nextInt(2), Long::sum) - (r.nextInt(8) == 0 ? 1 : 0);
      boolean replace = r.nextInt(4) == 0;
      List<SharedItem> add = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        add.add(new SharedItem(Key.sha1("k" + r.nextInt(10)), List.of("w" + r.nextInt(3)), r.nextInt(5)));
      }
      List<Key> removed = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        removed.add(Key.sha1("k" + r.nextInt(10)));
      }
      Registration reg = Registration.create(id, new Peer(id.id(), io.hopscotch.core.Address.of("127.0.0.1", 1)), seq, now + LEASE, replace, add, removed);
      Map<Key, SharedItem> before = model.get(id.id());
      Map<Key, SharedItem> after = new HashMap<>(before == null || replace ? Map.of() : before);
      removed.forEach(after::remove);
      add.forEach(i -> after.put(i.key(), i));
      int others = model.entrySet().stream().filter(e -> !e.getKey().equals(id.id())).mapToInt(e -> e.getValue().size()).sum();
      boolean stale = before != null && seqs.containsKey(id.id()) && table.lastSeq(id.id()) >= seq;
      boolean fits = after.size() <= MAX_PER_CLIENT && others + after.size() <= MAX_ENTRIES;
      try {
        table.apply(reg, now, LEASE);
        assertThat(stale).as("accepted a stale sequence").isFalse();
        assertThat(fits).as("accepted beyond the bounds").isTrue();
        model.put(id.id(), after);
        leases.put(id.id(), now + LEASE);
      } catch (IndexTable.Refused e) {
        assertThat(stale || !fits).as("refused without reason: " + e.getMessage()).isTrue();
      }
      if (r.nextInt(5) == 0) {
        table.expire(now);
      }
      check(table, model, now);
    }
  }

  private static void check(IndexTable table, Map<Key, Map<Key, SharedItem>> model, long now) {
    table.expire(now);
    int total = model.values().stream().mapToInt(Map::size).sum();
    assertThat(table.size()).isEqualTo(total).isLessThanOrEqualTo(MAX_ENTRIES);
    for (int k = 0; k < 10; k++) {
      Key key = Key.sha1("k" + k);
      Set<Key> expected = new HashSet<>();
      model.forEach((c, items) -> {
        if (items.containsKey(key)) {
          expected.add(c);
        }
      });
      assertThat(table.holders(key, now, 100)).extracting(h -> h.peer().id()).containsExactlyInAnyOrderElementsOf(expected);
    }
    for (int w = 0; w < 3; w++) {
      String word = "w" + w;
      Set<Key> expected = new HashSet<>();
      model.values().forEach(items -> items.values().forEach(i -> {
        if (i.keywords().contains(word)) {
          expected.add(i.key());
        }
      }));
      assertThat(table.search(List.of(word), now, 100, 100)).extracting(IndexTable.Hit::key).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
