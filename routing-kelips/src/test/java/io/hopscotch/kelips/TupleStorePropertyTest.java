package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The byte-packed {@link TupleStore} behaves as the tree of {@link Tuple} objects it replaced: random
 * sequences of merges, removals, purges and reads agree with a small reference model of that tree. Keys
 * are drawn from a few buckets (so buckets fill, empty and are paged across), several publishers share
 * keys, owners have every kind of host, and the bound is often small enough to refuse tuples.
 */
class TupleStorePropertyTest {

  private static final int[] FIRST_BYTES = {0x00, 0x01, 0x03, 0x04, 0x7f, 0x80, 0xa5, 0xfc, 0xff};
  private static final Address[] ADDRESSES = {Address.of("sim", 3), Address.of("10.0.0.1", 7000), Address.of("::1", 65535),
      Address.of("node.example", 0), Address.of("010.0.0.1", 80), Address.of("255.255.255.255", 1), Address.of("0.0.0.0", 9),
      Address.of("1.2.3.4.5", 2), Address.of("höst", 5), Address.of("256.1.1.1", 6)};
  private static final List<String> WORDS = List.of("blue", "moon", "ç", "");

  /** The tuple table as it was: a tree of keys, each with its tuples in the order they came. */
  private static final class Model {
    private final int max;
    private final TreeMap<Key, List<Tuple>> byKey = new TreeMap<>();
    private int count;

    Model(int max) {
      this.max = max;
    }

    TupleStore.Merge merge(Tuple t, long now) {
      if (t.expiresAtMillis() <= now) {
        return TupleStore.Merge.STALE;
      }
      Tuple stored = t.withoutRecord();
      List<Tuple> l = byKey.get(t.key());
      if (l != null) {
        for (int i = 0; i < l.size(); i++) {
          if (l.get(i).publisher().equals(t.publisher())) {
            if (t.version() <= l.get(i).version()) {
              return TupleStore.Merge.STALE;
            }
            l.set(i, stored);
            return TupleStore.Merge.NEWER;
          }
        }
      }
      if (count >= max) {
        return TupleStore.Merge.FULL;
      }
      byKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(stored);
      count++;
      return TupleStore.Merge.NEW;
    }

    List<Tuple> get(Key key) {
      return byKey.getOrDefault(key, List.of());
    }

    Tuple get(Key key, Key publisher) {
      return get(key).stream().filter(t -> t.publisher().equals(publisher)).findFirst().orElse(null);
    }

    Tuple remove(Key key, Key publisher) {
      Tuple t = get(key, publisher);
      if (t != null) {
        byKey.get(key).remove(t);
        if (byKey.get(key).isEmpty()) {
          byKey.remove(key);
        }
        count--;
      }
      return t;
    }

    List<Tuple> purge(long now) {
      List<Tuple> out = new ArrayList<>();
      byKey.values().forEach(l -> l.stream().filter(t -> t.expiresAtMillis() <= now).forEach(out::add));
      byKey.values().forEach(l -> l.removeIf(t -> t.expiresAtMillis() <= now));
      byKey.values().removeIf(List::isEmpty);
      count -= out.size();
      return out;
    }

    List<Tuple> search(List<String> words, int limit, long now) {
      List<Tuple> out = new ArrayList<>();
      if (words.isEmpty() || limit <= 0) {
        return out;
      }
      for (Tuple t : all()) {
        if (!t.tombstone() && t.expiresAtMillis() > now && t.keywords().containsAll(words)) {
          out.add(t);
          if (out.size() >= limit) {
            break;
          }
        }
      }
      return out;
    }

    List<Tuple> page(int from, int to, Key after, int maxTuples) {
      Key start = Key.fromBigInteger(BigInteger.valueOf(from).shiftLeft(Key.BITS - 6));
      Map<Key, List<Tuple>> tail = after == null ? byKey.tailMap(start, true) : byKey.tailMap(after, false);
      List<Tuple> out = new ArrayList<>();
      for (Map.Entry<Key, List<Tuple>> e : tail.entrySet()) {
        if (TupleStore.bucketOf(e.getKey()) > to) {
          break;
        }
        out.addAll(e.getValue());
        if (out.size() >= maxTuples) {
          break;
        }
      }
      return out;
    }

    boolean hasKeysAfter(Key key, int to) {
      Key next = byKey.higherKey(key);
      return next != null && TupleStore.bucketOf(next) <= to;
    }

    List<Tuple> all() {
      List<Tuple> out = new ArrayList<>();
      byKey.values().forEach(out::addAll);
      return out;
    }
  }

  private static Key[] keys(Random r, int n) {
    Key[] out = new Key[n];
    byte[] last = null;
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[Key.BYTES];
      if (last != null && r.nextInt(4) == 0) {
        b = last.clone(); // a key next to the previous one, differing in its last byte only
        b[Key.BYTES - 1] ^= (byte) (1 + r.nextInt(255));
      } else {
        r.nextBytes(b);
        b[0] = (byte) FIRST_BYTES[r.nextInt(FIRST_BYTES.length)];
      }
      last = b;
      out[i] = Key.fromBytes(b);
    }
    return out;
  }

  private static Tuple tuple(Random r, Key key, Key publisher, long now) {
    List<String> words = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      for (String w : WORDS) {
        if (r.nextBoolean()) {
          words.add(w);
        }
      }
    }
    int size = r.nextInt(4) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(200);
    long version = r.nextInt(8) == 0 ? r.nextLong() : r.nextInt(6);
    return new Tuple(new Peer(publisher, ADDRESSES[r.nextInt(ADDRESSES.length)]), key, version, now - 20 + r.nextInt(300),
        r.nextInt(5) == 0, words, size, r.nextBoolean(), null);
  }

  @Test
  void agreesWithTheTreeItReplaced() {
    qt().withExamples(80).forAll(longs().all(), integers().between(1, 1500)).checkAssert((seed, ops) -> {
      Random r = new Random(seed);
      Key[] keys = keys(r, 1 + r.nextInt(300));
      Key[] publishers = keys(r, 1 + r.nextInt(5));
      int max = r.nextBoolean() ? 1 + r.nextInt(60) : 100_000;
      TupleStore store = new TupleStore(max);
      Model model = new Model(max);
      long now = 0;
      for (int i = 0; i < ops; i++) {
        Key key = keys[r.nextInt(keys.length)];
        Key publisher = publishers[r.nextInt(publishers.length)];
        int op = r.nextInt(20);
        if (op < 10) {
          Tuple t = tuple(r, key, publisher, now);
          assertThat(store.merge(t, now)).isEqualTo(model.merge(t, now));
        } else if (op < 12) {
          assertThat(store.remove(key, publisher)).isEqualTo(model.remove(key, publisher));
        } else if (op == 12) {
          // Now and then a long step, so that most of a bucket expires at once and its array shrinks.
          now += r.nextInt(4) == 0 ? 150 + r.nextInt(150) : r.nextInt(60);
          assertThat(store.purgeExpired(now)).isEqualTo(model.purge(now));
        } else if (op == 13) {
          assertThat(store.get(key)).isEqualTo(model.get(key));
        } else if (op == 14) {
          assertThat(store.get(key, publisher)).isEqualTo(model.get(key, publisher));
        } else if (op < 18) {
          int from = r.nextInt(TupleStore.BUCKETS);
          int to = r.nextInt(4) == 0 ? r.nextInt(TupleStore.BUCKETS) : from + r.nextInt(TupleStore.BUCKETS - from);
          Key after = r.nextBoolean() ? null : r.nextBoolean() ? key : keys(r, 1)[0];
          int most = r.nextInt(12);
          assertThat(store.page(from, to, after, most)).isEqualTo(model.page(from, to, after, most));
          assertThat(store.hasKeysAfter(key, to)).isEqualTo(model.hasKeysAfter(key, to));
        } else {
          List<String> words = r.nextBoolean() ? List.of(WORDS.get(r.nextInt(WORDS.size()))) : WORDS.subList(0, r.nextInt(3));
          int limit = r.nextInt(6);
          assertThat(store.search(words, limit, now)).isEqualTo(model.search(words, limit, now));
        }
        assertThat(store.size()).isEqualTo(model.count);
        assertThat(store.keys()).isEqualTo(model.byKey.size());
      }
      assertThat(store.all()).isEqualTo(model.all());
      // The digests follow the content: a store filled afresh with the same tuples has the same ones.
      TupleStore fresh = new TupleStore(max);
      model.all().forEach(t -> fresh.merge(t, Long.MIN_VALUE));
      assertThat(store.bucketDigests()).isEqualTo(fresh.bucketDigests());
      assertThat(store.digest()).isEqualTo(fresh.digest());
    });
  }

  @Test
  void onlyCanonicalDottedQuadsArePackedAsFourBytes() {
    assertThat(TupleRows.parseIpv4("10.0.0.1")).isEqualTo(0x0a000001L);
    assertThat(TupleRows.parseIpv4("255.255.255.255")).isEqualTo(0xffffffffL);
    assertThat(TupleRows.parseIpv4("0.0.0.0")).isZero();
    for (String h : List.of("010.0.0.1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4.", ".1.2.3", "a.b.c.d", "::1", "sim",
        "1.2.3.1000", "")) {
      assertThat(TupleRows.parseIpv4(h)).as(h).isEqualTo(-1);
    }
  }
}
