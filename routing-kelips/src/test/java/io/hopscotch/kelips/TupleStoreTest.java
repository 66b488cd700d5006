package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.Signer;
import io.hopscotch.core.sim.SimulatedSigner;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleStoreTest {

  private static final Signer A = SimulatedSigner.of(1, 0);
  private static final Signer B = SimulatedSigner.of(1, 1);

  private static Tuple tuple(Signer s, String key, long version, long expires, List<String> words) {
    Record r = Record.create(s, Key.sha1(key), new byte[] {1}, words, version, expires);
    return Tuple.of(r, new Peer(s.id(), Address.of("10.0.0.1", 1)), true);
  }

  @Test
  void oneTuplePerPublisherAndTheHighestVersionWins() {
    TupleStore s = new TupleStore(10);
    assertThat(s.merge(tuple(A, "k", 2, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.NEW);
    assertThat(s.merge(tuple(A, "k", 1, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.STALE);
    assertThat(s.merge(tuple(A, "k", 2, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.STALE);
    assertThat(s.merge(tuple(B, "k", 1, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.NEW);
    assertThat(s.merge(tuple(A, "k", 3, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.NEWER);
    assertThat(s.get(Key.sha1("k"))).hasSize(2).allSatisfy(t -> assertThat(t.record()).isNull());
    assertThat(s.get(Key.sha1("k"), A.id()).version()).isEqualTo(3);
    assertThat(s.size()).isEqualTo(2);
  }

  @Test
  void theDigestDependsOnContentNotOrder() {
    TupleStore x = new TupleStore(10);
    TupleStore y = new TupleStore(10);
    Tuple a = tuple(A, "a", 1, 100, List.of());
    Tuple b = tuple(B, "b", 1, 100, List.of());
    x.merge(a, 0);
    x.merge(b, 0);
    y.merge(b, 0);
    assertThat(y.digest()).isNotEqualTo(x.digest());
    y.merge(a, 0);
    assertThat(y.digest()).isEqualTo(x.digest());
    assertThat(y.bucketDigests()).isEqualTo(x.bucketDigests());
    x.remove(a.key(), a.publisher());
    y.remove(a.key(), a.publisher());
    assertThat(y.digest()).isEqualTo(x.digest());
  }

  @Test
  void boundedExpiredAndSearchable() {
    TupleStore s = new TupleStore(2);
    s.merge(tuple(A, "a", 1, 50, List.of("blue", "moon")), 0);
    s.merge(tuple(A, "b", 1, 100, List.of("blue")), 0);
    assertThat(s.merge(tuple(A, "c", 1, 100, List.of()), 0)).isEqualTo(TupleStore.Merge.FULL);
    assertThat(s.merge(tuple(A, "b", 2, 100, List.of("blue")), 0)).isEqualTo(TupleStore.Merge.NEWER);
    assertThat(s.search(List.of("blue"), 10, 0)).hasSize(2);
    assertThat(s.search(List.of("blue", "moon"), 10, 0)).extracting(Tuple::key).containsExactly(Key.sha1("a"));
    assertThat(s.purgeExpired(60)).extracting(Tuple::key).containsExactly(Key.sha1("a"));
    assertThat(s.merge(tuple(A, "c", 1, 100, List.of()), 60)).isEqualTo(TupleStore.Merge.NEW);
    assertThat(s.merge(tuple(A, "d", 1, 50, List.of()), 60)).isEqualTo(TupleStore.Merge.STALE);
  }

  @Test
  void pagesCoverABucketInKeyOrder() {
    TupleStore s = new TupleStore(1000);
    for (int i = 0; i < 300; i++) {
      s.merge(tuple(A, "k" + i, 1, 100, List.of()), 0);
    }
    int total = 0;
    for (int b = 0; b < TupleStore.BUCKETS; b++) {
      Key after = null;
      while (true) {
        List<Tuple> page = s.page(b, b, after, 2);
        page.forEach(t -> assertThat(TupleStore.bucketOf(t.key())).isEqualTo(TupleStore.bucketOf(page.get(0).key())));
        total += page.size();
        if (page.isEmpty() || !s.hasKeysAfter(page.get(page.size() - 1).key(), b)) {
          break;
        }
        after = page.get(page.size() - 1).key();
      }
    }
    assertThat(total).isEqualTo(300);
    List<Tuple> all = new java.util.ArrayList<>();
    Key after = null;
    do {
      List<Tuple> page = s.page(0, TupleStore.BUCKETS - 1, after, 7);
      all.addAll(page);
      after = page.isEmpty() || !s.hasKeysAfter(page.get(page.size() - 1).key(), TupleStore.BUCKETS - 1) ? null : page.get(page.size() - 1).key();
    } while (after != null);
    assertThat(all).hasSize(300);
  }

  @Test
  void homeSkipsEmptyGroups() {
    AffinityGroups g = new AffinityGroups(4);
    Key k = Key.sha1("x");
    int natural = g.groupOf(k);
    int own = (natural + 2) % 4;
    assertThat(g.home(k, own, c -> true)).isEqualTo(natural);
    assertThat(g.home(k, own, c -> false)).isEqualTo(own);
    assertThat(g.home(k, own, c -> c == (natural + 1) % 4)).isEqualTo((natural + 1) % 4);
  }
}
