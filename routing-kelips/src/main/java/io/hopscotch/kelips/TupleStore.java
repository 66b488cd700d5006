package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * The file tuples of the own affinity group: one tuple per (key, publisher), the highest version
 * winning, tombstones included until they expire. Tuples are held without their records (an inline
 * record sits in the node's local store).
 *
 * <p>Keeps an order-independent digest (XOR of a hash of every key, publisher and version) so two
 * members can tell cheaply whether they hold the same tuples. Bounded by {@code maxTuples}: a new tuple
 * beyond it is refused (a newer version of a held one is always taken).
 *
 * <p>Tuples are kept as bytes, not objects: each of the {@value #BUCKETS} key buckets is a {@code
 * TupleBucket}, the rows of its tuples packed in one array and sorted by key (the anti-entropy pages
 * need key order; the tuples of one key keep the order they came). A pointer tuple without keywords
 * takes a 64-byte row, a 4-byte offset and its share of spare room, about 77 bytes of heap against 71 on
 * the wire, where a tree of {@link Tuple} objects took 160 bytes with owners shared and 328 with each
 * owner decoded from the network. Every read rebuilds the {@link Tuple}, with new owner objects. Inserts
 * and removals are O(tuples in the bucket): with the 31,646 tuples a node holds at 100,000 nodes and
 * 10,000,000 items, about 500 per bucket, a copy of 2 KB at most. Not thread-safe: confined to the
 * node's event loop.
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

  /** Read-only stand-in for a bucket that holds nothing. */
  private static final TupleBucket EMPTY = new TupleBucket();

  private final int maxTuples;
  /**
   * The buckets, each null while empty, and the array null while the store is: a node of a small network
   * holds a few dozen tuples, or none, and empty bucket objects would cost it more than the tuples.
   */
  private TupleBucket[] buckets;
  private int count;
  private final TupleRows.Reader reader = new TupleRows.Reader();
  private final long[] digests = new long[BUCKETS];

  /**
   * A store.
   *
   * @param maxTuples most tuples held
   * @throws IllegalArgumentException if {@code maxTuples} is not positive
   */
  public TupleStore(int maxTuples) {
    if (maxTuples < 1) {
      throw new IllegalArgumentException("max tuples must be positive, got " + maxTuples);
    }
    this.maxTuples = maxTuples;
  }

  /** Bucket {@code b} for reading ({@link #EMPTY} if it holds nothing). */
  private TupleBucket read(int b) {
    if (buckets == null) {
      return EMPTY;
    }
    TupleBucket t = buckets[b];
    return t == null ? EMPTY : t;
  }

  /** Drops bucket {@code b} if it holds nothing any more, and the bucket array if the store is empty. */
  private void releaseIfEmpty(int b) {
    if (buckets[b].rows() == 0) {
      buckets[b] = null;
    }
    if (count == 0) {
      buckets = null;
    }
  }

  /** The row of {@code publisher} among the rows of {@code key} from {@code from}, or -1. */
  private static int find(TupleBucket b, int from, byte[] key, byte[] publisher) {
    for (int i = from; b.hasKey(i, key); i++) {
      if (b.hasPublisher(i, publisher)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Merges a tuple (its record, if any, is dropped: the caller keeps inline records in the local store).
   *
   * @param nowMillis the node's clock, to refuse expired tuples
   * @return what the merge did
   */
  public Merge merge(Tuple t, long nowMillis) {
    if (t.expiresAtMillis() <= nowMillis) {
      return Merge.STALE;
    }
    int bucket = bucketOf(t.key());
    TupleBucket b = read(bucket);
    byte[] key = t.key().toBytes();
    int first = b.lowerBound(key);
    int held = find(b, first, key, t.publisher().toBytes());
    if (held >= 0) {
      if (t.version() <= TupleRows.version(b.data(), b.offset(held))) {
        return Merge.STALE;
      }
      digests[bucket] ^= hash(b.data(), b.offset(held));
      b.replace(held, TupleRows.encode(t));
      digests[bucket] ^= hash(t);
      return Merge.NEWER;
    }
    if (count >= maxTuples) {
      return Merge.FULL;
    }
    if (b == EMPTY) {
      if (buckets == null) {
        buckets = new TupleBucket[BUCKETS];
      }
      b = new TupleBucket();
      buckets[bucket] = b;
    }
    int end = first;
    while (b.hasKey(end, key)) {
      end++;
    }
    b.insert(end, TupleRows.encode(t));
    count++;
    digests[bucket] ^= hash(t);
    return Merge.NEW;
  }

  /**
   * The tuples under {@code key} in the order they came, tombstones and expired ones included (empty if
   * none).
   */
  public List<Tuple> get(Key key) {
    TupleBucket b = read(bucketOf(key));
    byte[] k = key.toBytes();
    List<Tuple> out = new ArrayList<>(1);
    for (int i = b.lowerBound(k); b.hasKey(i, k); i++) {
      out.add(b.tuple(i, reader, key, null));
    }
    return List.copyOf(out);
  }

  /** The tuple of {@code publisher} under {@code key}, or null. */
  public Tuple get(Key key, Key publisher) {
    TupleBucket b = read(bucketOf(key));
    byte[] k = key.toBytes();
    int i = find(b, b.lowerBound(k), k, publisher.toBytes());
    return i < 0 ? null : b.tuple(i, reader, key, publisher);
  }

  /** Drops the tuple of {@code publisher} under {@code key}; returns it, or null. */
  public Tuple remove(Key key, Key publisher) {
    int bucket = bucketOf(key);
    TupleBucket b = read(bucket);
    byte[] k = key.toBytes();
    int i = find(b, b.lowerBound(k), k, publisher.toBytes());
    if (i < 0) {
      return null;
    }
    Tuple t = b.tuple(i, reader, key, publisher);
    b.remove(i);
    count--;
    releaseIfEmpty(bucket);
    digests[bucket] ^= hash(t);
    return t;
  }

  /** Drops every tuple that expired by {@code nowMillis}; returns them, in key order. */
  public List<Tuple> purgeExpired(long nowMillis) {
    List<Tuple> out = new ArrayList<>();
    for (int bucket = 0; bucket < BUCKETS && count > 0; bucket++) {
      TupleBucket b = buckets[bucket];
      if (b == null) {
        continue;
      }
      int from = out.size();
      b.purgeExpired(nowMillis, reader, out);
      count -= out.size() - from;
      for (int i = from; i < out.size(); i++) {
        digests[bucket] ^= hash(out.get(i));
      }
      releaseIfEmpty(bucket);
    }
    return out;
  }

  /** Live, non-tombstone tuples whose keywords include all {@code words}, at most {@code limit}. */
  public List<Tuple> search(List<String> words, int limit, long nowMillis) {
    List<Tuple> out = new ArrayList<>();
    if (words.isEmpty() || limit <= 0) {
      return out;
    }
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      TupleBucket b = read(bucket);
      byte[] data = b.data();
      for (int i = 0; i < b.rows(); i++) {
        int o = b.offset(i);
        // Words are never empty here, so a row without keywords cannot match and is not decoded.
        if (TupleRows.hasKeywords(data, o) && !TupleRows.tombstone(data, o) && TupleRows.expires(data, o) > nowMillis) {
          Tuple t = b.tuple(i, reader, null, null);
          if (t.keywords().containsAll(words)) {
            out.add(t);
            if (out.size() >= limit) {
              return out;
            }
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

  /**
   * Tuples of whole keys of buckets {@code fromBucket} to {@code toBucket} after {@code after} (null:
   * from the first bucket's start) in key order, stopping after the key at which {@code maxTuples} is
   * reached (so at least one key's tuples when any key is in range).
   *
   * @throws IllegalArgumentException if {@code after} is null and {@code fromBucket} is not a bucket
   */
  public List<Tuple> page(int fromBucket, int toBucket, Key after, int maxTuples) {
    List<Tuple> out = new ArrayList<>();
    int bucket;
    int i;
    if (after == null) {
      if (fromBucket < 0 || fromBucket >= BUCKETS) {
        throw new IllegalArgumentException("bucket must be 0.." + (BUCKETS - 1) + ", got " + fromBucket);
      }
      bucket = fromBucket;
      i = 0;
    } else {
      bucket = bucketOf(after);
      i = read(bucket).upperBound(after.toBytes());
    }
    for (; bucket < BUCKETS && bucket <= toBucket; bucket++, i = 0) {
      TupleBucket b = read(bucket);
      while (i < b.rows()) {
        int first = i;
        do {
          out.add(b.tuple(i, reader, null, null));
          i++;
        } while (b.sameKey(first, i));
        if (out.size() >= maxTuples) {
          return out;
        }
      }
    }
    return out;
  }

  /** True if a key after {@code key} is held in a bucket up to {@code toBucket}. */
  public boolean hasKeysAfter(Key key, int toBucket) {
    int bucket = bucketOf(key);
    TupleBucket held = read(bucket);
    if (held.upperBound(key.toBytes()) < held.rows()) {
      return bucket <= toBucket;
    }
    for (int b = bucket + 1; b < BUCKETS; b++) {
      if (read(b).rows() > 0) {
        return b <= toBucket;
      }
    }
    return false;
  }

  /** The digest of each bucket. */
  public List<Long> bucketDigests() {
    List<Long> out = new ArrayList<>(BUCKETS);
    for (long d : digests) {
      out.add(d);
    }
    return out;
  }

  /** Every tuple, in key order (the tuples of one key in the order they came). */
  public List<Tuple> all() {
    List<Tuple> out = new ArrayList<>(count);
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      TupleBucket b = read(bucket);
      for (int i = 0; i < b.rows(); i++) {
        out.add(b.tuple(i, reader, null, null));
      }
    }
    return out;
  }

  /** Number of tuples held. */
  public int size() {
    return count;
  }

  /** Number of distinct keys held, counted: O(tuples). */
  public int keys() {
    int n = 0;
    for (int b = 0; b < BUCKETS; b++) {
      n += read(b).keys();
    }
    return n;
  }

  /** The order-independent digest of every (key, publisher, version) held. */
  public long digest() {
    long d = 0;
    for (long b : digests) {
      d ^= b;
    }
    return d;
  }

  private static long hash(Tuple t) {
    return hash(t.key().high64(), t.publisher().high64(), t.version(), t.tombstone());
  }

  private static long hash(byte[] data, int off) {
    return hash(TupleRows.keyHigh64(data, off), TupleRows.publisherHigh64(data, off), TupleRows.version(data, off),
        TupleRows.tombstone(data, off));
  }

  private static long hash(long keyHigh, long publisherHigh, long version, boolean tombstone) {
    long h = keyHigh * 0x9E3779B97F4A7C15L ^ publisherHigh * 0xC2B2AE3D27D4EB4FL ^ version * 0x165667B19E3779F9L
        ^ (tombstone ? 0x27D4EB2F165667C5L : 0);
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 29);
  }
}
