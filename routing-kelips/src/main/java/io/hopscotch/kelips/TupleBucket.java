package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import java.util.Arrays;
import java.util.List;

/**
 * The tuples of one key bucket of a {@link TupleStore} as {@link TupleRows rows} packed in one byte array,
 * with an array of row offsets sorted by key (the rows of one key stay in the order they came). A row
 * replaced or removed leaves its bytes behind as garbage until the array is next rebuilt, which happens
 * when a row does not fit and copies only the live rows; so the array holds at most the live rows plus a
 * quarter and the garbage of the rows replaced since.
 *
 * <p>Inserting and removing shift the offsets after the row: O(rows) per operation. A bucket holds a 64th
 * of a node's tuples (about 500 at 100,000 nodes and 10,000,000 items, so a copy of 2 KB at most), and
 * lookups are binary searches. Not thread-safe: confined to the node's event loop.
 */
final class TupleBucket {

  private static final byte[] NO_BYTES = new byte[0];
  private static final int[] NO_ROWS = new int[0];
  /** Below this size a sparse array is not worth rebuilding. */
  private static final int SHRINK_BYTES = 1024;
  private static final int MIN_ROWS = 1;

  private byte[] data = NO_BYTES;
  /** Bytes of {@link #data} written, live rows and garbage. */
  private int used;
  /** Bytes of {@link #data} in rows no longer referenced. */
  private int garbage;
  private int[] offs = NO_ROWS;
  private int rows;

  /** Number of rows. */
  int rows() {
    return rows;
  }

  /** Number of distinct keys, counted: O(rows). */
  int keys() {
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (!sameKey(i, i - 1)) {
        n++;
      }
    }
    return n;
  }

  /** The packed rows; valid until the next change. */
  byte[] data() {
    return data;
  }

  /** Where row {@code i} (in key order) starts in {@link #data()}. */
  int offset(int i) {
    return offs[i];
  }

  /**
   * The tuple of row {@code i}, rebuilt by {@code reader}.
   *
   * @param key the row's key if the caller has it, or null
   * @param publisher the row's publisher if the caller has it, or null
   */
  Tuple tuple(int i, TupleRows.Reader reader, Key key, Key publisher) {
    return reader.decode(data, offs[i], key, publisher);
  }

  private int compareKey(int i, byte[] key) {
    return TupleRows.compareKey(data, offs[i], key);
  }

  /** The first row whose key is at least {@code key} (20 bytes), or {@link #rows()} if none is. */
  int lowerBound(byte[] key) {
    int lo = 0;
    int hi = rows;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareKey(mid, key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first row whose key is greater than {@code key} (20 bytes), or {@link #rows()} if none is. */
  int upperBound(byte[] key) {
    int lo = 0;
    int hi = rows;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareKey(mid, key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** True if row {@code i} exists and has the key {@code key} (20 bytes). */
  boolean hasKey(int i, byte[] key) {
    return i < rows && compareKey(i, key) == 0;
  }

  /** True if rows {@code i} and {@code j} exist and have the same key. */
  boolean sameKey(int i, int j) {
    if (i < 0 || j < 0 || i >= rows || j >= rows) {
      return false;
    }
    int a = offs[i] + TupleRows.KEY;
    int b = offs[j] + TupleRows.KEY;
    return Arrays.equals(data, a, a + Key.BYTES, data, b, b + Key.BYTES);
  }

  /** True if row {@code i} was published by {@code publisher} (20 bytes). */
  boolean hasPublisher(int i, byte[] publisher) {
    int o = offs[i] + TupleRows.PUBLISHER;
    return Arrays.equals(data, o, o + Key.BYTES, publisher, 0, Key.BYTES);
  }

  /**
   * Inserts {@code row} as row {@code at}; the caller picks {@code at} so that the key order holds (after
   * the rows of the same key, to keep their arrival order).
   */
  void insert(int at, byte[] row) {
    if (rows == offs.length) {
      offs = Arrays.copyOf(offs, Math.max(MIN_ROWS, rows + (rows >>> 2) + 1));
    }
    int o = append(row);
    System.arraycopy(offs, at, offs, at + 1, rows - at);
    offs[at] = o;
    rows++;
  }

  /** Replaces row {@code at} by {@code row}, which has the same key. */
  void replace(int at, byte[] row) {
    int old = TupleRows.length(data, offs[at]);
    int o = append(row);
    offs[at] = o;
    garbage += old;
  }

  /** Removes row {@code at}. */
  void remove(int at) {
    garbage += TupleRows.length(data, offs[at]);
    System.arraycopy(offs, at + 1, offs, at, rows - at - 1);
    rows--;
    shrinkIfSparse();
  }

  /**
   * Removes every row that expired by {@code nowMillis}, adding its tuple (rebuilt by {@code reader}) to
   * {@code out}, in key order.
   */
  void purgeExpired(long nowMillis, TupleRows.Reader reader, List<Tuple> out) {
    int kept = 0;
    for (int i = 0; i < rows; i++) {
      int o = offs[i];
      if (TupleRows.expires(data, o) <= nowMillis) {
        out.add(reader.decode(data, o, null, null));
        garbage += TupleRows.length(data, o);
      } else {
        offs[kept++] = o;
      }
    }
    if (kept == rows) {
      return;
    }
    rows = kept;
    shrinkIfSparse();
  }

  /** Copies {@code row} after the bytes written, rebuilding the array first if it does not fit. */
  private int append(byte[] row) {
    if (used + row.length > data.length) {
      rebuild(row.length);
    }
    int o = used;
    System.arraycopy(row, 0, data, o, row.length);
    used += row.length;
    return o;
  }

  private void shrinkIfSparse() {
    if (rows == 0) {
      data = NO_BYTES;
      offs = NO_ROWS;
      used = 0;
      garbage = 0;
    } else if (data.length > SHRINK_BYTES && 4 * (used - garbage) < data.length) {
      rebuild(0);
      if (4 * rows < offs.length) {
        offs = Arrays.copyOf(offs, Math.max(MIN_ROWS, rows + (rows >>> 2)));
      }
    }
  }

  /**
   * Copies the live rows, in key order, into an array with room for {@code extra} more bytes and a quarter
   * (the first row gets an array of its size: most buckets of a small network's node hold one or two).
   */
  private void rebuild(int extra) {
    int live = used - garbage;
    int need = live + extra;
    byte[] fresh = new byte[live == 0 ? need : need + (need >>> 2)];
    int p = 0;
    for (int i = 0; i < rows; i++) {
      int o = offs[i];
      int n = TupleRows.length(data, o);
      System.arraycopy(data, o, fresh, p, n);
      offs[i] = p;
      p += n;
    }
    data = fresh;
    used = p;
    garbage = 0;
  }
}
