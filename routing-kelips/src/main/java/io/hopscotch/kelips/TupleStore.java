package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file tuples of the own affinity group: one tuple per (key, publisher), the highest version
 * winning, tombstones included until they expire. Tuples are held without their records (an inline
 * record sits in the node's local store).
 *
 * <p>Keeps an order-independent digest (XOR of a hash of every key, publisher and version) so two
 * members can tell cheaply whether they hold the same tuples. Bounded by {@code maxTuples}: a new tuple
 * beyond it is refused (a newer version of a held one is always taken).
 */
public final class TupleStore {

  /** What a merge did. */
  public enum Merge {
    /** A tuple for a (key, publisher) not held before. */
    NEW,
    /** A newer version replaced the one held. */
    NEWER,
    /** The same or a newer version was already held, or the tuple had expired. */
    STALE,
    /** The store is full. */
    FULL
  }

  /** Number of key buckets with their own digest (by the key's top six bits). */
  public static final int BUCKETS = 64;

  private final int maxTuples;
  /**
   * Per key, its one tuple or, when several publishers share the key, an array of them in the order they
   * came: most keys have one publisher, and a bare tuple saves the list and array each key would
   * otherwise cost.
   */
  private final TreeMap<Key, Object> byKey = new TreeMap<>();
  private int count;
  private final long[] digests = new long[BUCKETS];

  /**
   * A store.
   *
   * @param maxTuples most tuples held
   */
  public TupleStore(int maxTuples) {
    if (maxTuples < 1) {
      throw new IllegalArgumentException("max tuples must be positive, got " + maxTuples);
    }
    this.maxTuples = maxTuples;
  }

  private static Tuple[] asArray(Object held) {
    return held instanceof Tuple t ? new Tuple[] {t} : (Tuple[]) held;
  }

  private static void addAll(List<Tuple> out, Object held) {
    if (held instanceof Tuple t) {
      out.add(t);
    } else {
      out.addAll(Arrays.asList((Tuple[]) held));
    }
  }

  /**
   * Merges a tuple (its record, if any, is dropped: the caller keeps inline records in the local store).
   *
   * @param nowMillis the node's clock, to refuse expired tuples
   */
  public Merge merge(Tuple t, long nowMillis) {
    if (t.expiresAtMillis() <= nowMillis) {
      return Merge.STALE;
    }
    Tuple stored = t.withoutRecord();
    Object held = byKey.get(t.key());
    if (held != null) {
      Tuple[] l = asArray(held);
      for (int i = 0; i < l.length; i++) {
        Tuple old = l[i];
        if (old.publisher().equals(t.publisher())) {
          if (!t.supersedes(old)) {
            return Merge.STALE;
          }
          flip(old);
          flip(stored);
          if (held instanceof Tuple) {
            byKey.put(t.key(), stored);
          } else {
            l[i] = stored;
          }
          return Merge.NEWER;
        }
      }
    }
    if (count >= maxTuples) {
      return Merge.FULL;
    }
    if (held == null) {
      byKey.put(t.key(), stored);
    } else {
      Tuple[] l = asArray(held);
      Tuple[] grown = Arrays.copyOf(l, l.length + 1);
      grown[l.length] = stored;
      byKey.put(t.key(), grown);
    }
    count++;
    flip(stored);
    return Merge.NEW;
  }

  /** The tuples under {@code key}, tombstones and expired ones included (empty if none). */
  public List<Tuple> get(Key key) {
    Object held = byKey.get(key);
    if (held == null) {
      return List.of();
    }
    return held instanceof Tuple t ? List.of(t) : List.of((Tuple[]) held);
  }

  /** The tuple of {@code publisher} under {@code key}, or null. */
  public Tuple get(Key key, Key publisher) {
    Object held = byKey.get(key);
    if (held instanceof Tuple t) {
      return t.publisher().equals(publisher) ? t : null;
    }
    if (held != null) {
      for (Tuple t : (Tuple[]) held) {
        if (t.publisher().equals(publisher)) {
          return t;
        }
      }
    }
    return null;
  }

  /** What is left of a key's tuples once {@code drop} is taken out: null, one tuple or an array. */
  private static Object without(Tuple[] l, int drop) {
    if (l.length == 1) {
      return null;
    }
    if (l.length == 2) {
      return l[1 - drop];
    }
    Tuple[] shrunk = new Tuple[l.length - 1];
    System.arraycopy(l, 0, shrunk, 0, drop);
    System.arraycopy(l, drop + 1, shrunk, drop, l.length - drop - 1);
    return shrunk;
  }

  /** Drops the tuple of {@code publisher} under {@code key}; returns it, or null. */
  public Tuple remove(Key key, Key publisher) {
    Object held = byKey.get(key);
    if (held == null) {
      return null;
    }
    Tuple[] l = asArray(held);
    for (int i = 0; i < l.length; i++) {
      Tuple t = l[i];
      if (t.publisher().equals(publisher)) {
        Object rest = without(l, i);
        if (rest == null) {
          byKey.remove(key);
        } else {
          byKey.put(key, rest);
        }
        count--;
        flip(t);
        return t;
      }
    }
    return null;
  }

  /** Drops every tuple that expired by {@code nowMillis}; returns them. */
  public List<Tuple> purgeExpired(long nowMillis) {
    List<Tuple> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Object>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Object> e = it.next();
      Tuple[] l = asArray(e.getValue());
      List<Tuple> kept = new ArrayList<>(l.length);
      for (Tuple t : l) {
        if (t.expiresAtMillis() <= nowMillis) {
          count--;
          flip(t);
          out.add(t);
        } else {
          kept.add(t);
        }
      }
      if (kept.isEmpty()) {
        it.remove();
      } else if (kept.size() < l.length) {
        e.setValue(kept.size() == 1 ? kept.get(0) : kept.toArray(new Tuple[0]));
      }
    }
    return out;
  }

  /** Live, non-tombstone tuples whose keywords include all {@code words}, at most {@code limit}. */
  public List<Tuple> search(List<String> words, int limit, long nowMillis) {
    List<Tuple> out = new ArrayList<>();
    if (words.isEmpty() || limit <= 0) {
      return out;
    }
    for (Object held : byKey.values()) {
      for (Tuple t : asArray(held)) {
        if (!t.tombstone() && t.expiresAtMillis() > nowMillis && t.keywords().containsAll(words)) {
          out.add(t);
          if (out.size() >= limit) {
            return out;
          }
        }
      }
    }
    return out;
  }

  /** The bucket of a key: its top six bits. */
  public static int bucketOf(Key key) {
    return (int) (key.high64() >>> (64 - 6));
  }

  private static Key bucketStart(int bucket) {
    return Key.fromBigInteger(java.math.BigInteger.valueOf(bucket).shiftLeft(Key.BITS - 6));
  }

  /**
   * Tuples of whole keys of buckets {@code fromBucket} to {@code toBucket} after {@code after} (null:
   * from the first bucket's start) in key order, stopping after the key at which {@code maxTuples} is
   * reached.
   */
  public List<Tuple> page(int fromBucket, int toBucket, Key after, int maxTuples) {
    List<Tuple> out = new ArrayList<>();
    Map<Key, Object> tail = after == null ? byKey.tailMap(bucketStart(fromBucket), true) : byKey.tailMap(after, false);
    for (Map.Entry<Key, Object> e : tail.entrySet()) {
      if (bucketOf(e.getKey()) > toBucket) {
        break;
      }
      addAll(out, e.getValue());
      if (out.size() >= maxTuples) {
        break;
      }
    }
    return out;
  }

  /** True if a key after {@code key} is held in a bucket up to {@code toBucket}. */
  public boolean hasKeysAfter(Key key, int toBucket) {
    Key next = byKey.higherKey(key);
    return next != null && bucketOf(next) <= toBucket;
  }

  /** The digest of each bucket. */
  public List<Long> bucketDigests() {
    List<Long> out = new ArrayList<>(BUCKETS);
    for (long d : digests) {
      out.add(d);
    }
    return out;
  }

  /** Every tuple, in key order. */
  public List<Tuple> all() {
    List<Tuple> out = new ArrayList<>(count);
    byKey.values().forEach(held -> addAll(out, held));
    return out;
  }

  /** Number of tuples held. */
  public int size() {
    return count;
  }

  /** Number of distinct keys held. */
  public int keys() {
    return byKey.size();
  }

  /** The order-independent digest of every (key, publisher, version) held. */
  public long digest() {
    long d = 0;
    for (long b : digests) {
      d ^= b;
    }
    return d;
  }

  private void flip(Tuple t) {
    digests[bucketOf(t.key())] ^= hash(t);
  }

  private static long hash(Tuple t) {
    long h = t.key().high64() * 0x9E3779B97F4A7C15L ^ t.publisher().high64() * 0xC2B2AE3D27D4EB4FL ^ t.version() * 0x165667B19E3779F9L
        ^ (t.tombstone() ? 0x27D4EB2F165667C5L : 0);
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 29);
  }
}
