package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prefix routing table: row i holds, for each digit d other than this node's own i-th digit, a node
 * that shares exactly i digits with this node and has d as its next digit. Rows are allocated only as
 * deep as known nodes reach (about log base 2^b of N), so a node in a large ring holds a few rows of
 * 2^b − 1 entries. Each entry carries the round-trip time this node measured to it, if any.
 */
final class RoutingTable {

  /** Round-trip time of an entry that was never measured. */
  static final long UNKNOWN = Long.MAX_VALUE;

  private final Key self;
  private final int b;
  private final int base;
  private Peer[][] rows = new Peer[0][];
  private long[][] rtts = new long[0][];
  private int size;

  RoutingTable(Key self, int b) {
    this.self = self;
    this.b = b;
    this.base = 1 << b;
  }

  /** The row where {@code id} belongs: the number of digits it shares with this node; -1 for this node's own id. */
  int rowOf(Key id) {
    int r = self.sharedPrefixDigits(id, b);
    return r >= Key.digits(b) ? -1 : r;
  }

  /** The entry at (row, digit), or null. */
  Peer get(int row, int digit) {
    return row < rows.length ? rows[row][digit] : null;
  }

  /** The measured RTT of the entry at (row, digit) in nanoseconds, or {@link #UNKNOWN}. */
  long rtt(int row, int digit) {
    return row < rows.length ? rtts[row][digit] : UNKNOWN;
  }

  /** The entry in the slot where {@code id} belongs, or null (also for this node's own id). */
  Peer slotOf(Key id) {
    int r = rowOf(id);
    return r < 0 ? null : get(r, id.digit(r, b));
  }

  /** The RTT recorded for the entry in {@code id}'s slot, or {@link #UNKNOWN}. */
  long slotRtt(Key id) {
    int r = rowOf(id);
    return r < 0 ? UNKNOWN : rtt(r, id.digit(r, b));
  }

  /**
   * Puts {@code p} in its slot if the slot is empty, already holds {@code p} (its RTT and address are
   * refreshed), or holds a node with a larger measured RTT and {@code preferNearer} is set.
   *
   * @param rttNanos measured round trip, or {@link #UNKNOWN}
   * @return true if the slot now holds {@code p}
   */
  boolean offer(Peer p, long rttNanos, boolean preferNearer) {
    int r = rowOf(p.id());
    if (r < 0) {
      return false;
    }
    int d = p.id().digit(r, b);
    ensureRows(r + 1);
    Peer cur = rows[r][d];
    if (cur == null) {
      rows[r][d] = p;
      rtts[r][d] = rttNanos;
      size++;
      return true;
    }
    if (cur.id().equals(p.id())) {
      rows[r][d] = p;
      if (rttNanos != UNKNOWN) {
        rtts[r][d] = rttNanos;
      }
      return true;
    }
    if (preferNearer && rttNanos < rtts[r][d]) {
      rows[r][d] = p;
      rtts[r][d] = rttNanos;
      return true;
    }
    return false;
  }

  /** Removes {@code id} from its slot; true if it was there. */
  boolean remove(Key id) {
    int r = rowOf(id);
    if (r < 0 || r >= rows.length) {
      return false;
    }
    int d = id.digit(r, b);
    Peer cur = rows[r][d];
    if (cur != null && cur.id().equals(id)) {
      rows[r][d] = null;
      rtts[r][d] = UNKNOWN;
      size--;
      return true;
    }
    return false;
  }

  private void ensureRows(int n) {
    if (rows.length >= n) {
      return;
    }
    int old = rows.length;
    rows = Arrays.copyOf(rows, n);
    rtts = Arrays.copyOf(rtts, n);
    for (int i = old; i < n; i++) {
      rows[i] = new Peer[base];
      rtts[i] = new long[base];
      Arrays.fill(rtts[i], UNKNOWN);
    }
  }

  /** The non-empty entries of row {@code row} (empty beyond the allocated rows). */
  List<Peer> row(int row) {
    List<Peer> out = new ArrayList<>();
    if (row >= 0 && row < rows.length) {
      for (Peer p : rows[row]) {
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Up to {@code k} entries of row {@code row} with the smallest measured RTT (unmeasured ones last). */
  List<Peer> nearestInRow(int row, int k) {
    List<Integer> cols = new ArrayList<>();
    if (row >= 0 && row < rows.length) {
      for (int d = 0; d < base; d++) {
        if (rows[row][d] != null) {
          cols.add(d);
        }
      }
    }
    cols.sort((x, y) -> Long.compare(rtts[row][x], rtts[row][y]));
    List<Peer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, cols.size()); i++) {
      out.add(rows[row][cols.get(i)]);
    }
    return out;
  }

  /** Every entry, row by row. */
  List<Peer> entries() {
    List<Peer> out = new ArrayList<>(size);
    for (int r = 0; r < rows.length; r++) {
      out.addAll(row(r));
    }
    return out;
  }

  /** Number of allocated rows. */
  int rowCount() {
    return rows.length;
  }

  /** Number of entries. */
  int size() {
    return size;
  }

  /** Bits per digit. */
  int bitsPerDigit() {
    return b;
  }
}
