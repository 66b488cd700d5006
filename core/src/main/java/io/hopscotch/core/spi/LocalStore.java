package io.hopscotch.core.spi;

import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.Verifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records a node holds, sorted by key so that ring ranges can be handed over or re-replicated.
 * A key holds at most one record per publisher: a higher version replaces a lower one, a lower or
 * equal one is ignored. Every record is verified (signature, size, expiry) before it is kept.
 *
 * <p>Bounded by a record count and a byte total; a put that would exceed them fails with a clear
 * message and stores nothing. Confined to the node's event loop, like the strategy that uses it.
 */
public final class LocalStore {

  private final Verifier verifier;
  private final Clock clock;
  private final int maxValueBytes;
  private final int maxRecords;
  private final long maxBytes;
  private final TreeMap<Key, Map<Key, Record>> records = new TreeMap<>();
  private int count;
  private long bytes;

  /**
   * A store.
   *
   * @param verifier checks signatures
   * @param clock decides expiry
   * @param maxValueBytes largest value accepted
   * @param maxRecords most records held
   * @param maxBytes most value bytes held
   */
  public LocalStore(Verifier verifier, Clock clock, int maxValueBytes, int maxRecords, long maxBytes) {
    if (maxValueBytes < 0 || maxRecords <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("store limits must be positive: maxValueBytes=" + maxValueBytes
          + " maxRecords=" + maxRecords + " maxBytes=" + maxBytes);
    }
    this.verifier = verifier;
    this.clock = clock;
    this.maxValueBytes = maxValueBytes;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /**
   * Verifies and stores a record.
   *
   * @return true if it was stored (new or newer), false if an equal or newer version was already held
   * @throws InvalidRecordException if verification fails or the store is full
   */
  public boolean put(Record r) {
    r.verify(verifier, maxValueBytes, clock.millis());
    Map<Key, Record> byPublisher = records.get(r.key());
    Record old = byPublisher == null ? null : byPublisher.get(r.publisher());
    if (old != null && !r.supersedes(old)) {
      return false;
    }
    long newBytes = bytes + r.valueLength() - (old == null ? 0 : old.valueLength());
    int newCount = count + (old == null ? 1 : 0);
    if (newCount > maxRecords || newBytes > maxBytes) {
      purgeExpired();
      newBytes = bytes + r.valueLength() - (old == null ? 0 : old.valueLength());
      newCount = count + (old == null ? 1 : 0);
      if (newCount > maxRecords || newBytes > maxBytes) {
        throw new InvalidRecordException("store full: " + count + " records / " + bytes + " bytes (limits "
            + maxRecords + " / " + maxBytes + ")");
      }
    }
    if (byPublisher == null) {
      byPublisher = new HashMap<>(2);
      records.put(r.key(), byPublisher);
    }
    byPublisher.put(r.publisher(), r);
    count = newCount;
    bytes = newBytes;
    return true;
  }

  /** Every unexpired record under {@code key}, tombstones included (empty if none). */
  public List<Record> get(Key key) {
    Map<Key, Record> m = records.get(key);
    if (m == null) {
      return List.of();
    }
    long now = clock.millis();
    List<Record> out = new ArrayList<>(m.size());
    for (Record r : m.values()) {
      if (r.expiresAtMillis() > now) {
        out.add(r);
      }
    }
    return out;
  }

  /** The record of {@code publisher} under {@code key}, or null. */
  public Record get(Key key, Key publisher) {
    Map<Key, Record> m = records.get(key);
    return m == null ? null : m.get(publisher);
  }

  /** True if any unexpired record is held under {@code key}. */
  public boolean contains(Key key) {
    return !get(key).isEmpty();
  }

  /** Unexpired records whose keys lie in the ring interval (from, to]; the whole store when from == to. */
  public List<Record> range(Key fromExclusive, Key toInclusive) {
    List<Record> out = new ArrayList<>();
    long now = clock.millis();
    for (Map.Entry<Key, Map<Key, Record>> e : rangeView(fromExclusive, toInclusive)) {
      for (Record r : e.getValue().values()) {
        if (r.expiresAtMillis() > now) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private List<Map.Entry<Key, Map<Key, Record>>> rangeView(Key from, Key to) {
    List<Map.Entry<Key, Map<Key, Record>>> out = new ArrayList<>();
    if (from.equals(to)) {
      out.addAll(records.entrySet());
    } else if (from.compareTo(to) < 0) {
      out.addAll(records.subMap(from, false, to, true).entrySet());
    } else { // wraps past zero
      out.addAll(records.tailMap(from, false).entrySet());
      out.addAll(records.headMap(to, true).entrySet());
    }
    return out;
  }

  /** Drops every record under keys in the ring interval (from, to] and returns how many were dropped. */
  public int removeRange(Key fromExclusive, Key toInclusive) {
    int n = 0;
    for (Map.Entry<Key, Map<Key, Record>> e : rangeView(fromExclusive, toInclusive)) {
      n += e.getValue().size();
      removeKey(e.getKey());
    }
    return n;
  }

  /** Drops every record under {@code key}. */
  public void removeKey(Key key) {
    Map<Key, Record> m = records.remove(key);
    if (m != null) {
      for (Record r : m.values()) {
        count--;
        bytes -= r.valueLength();
      }
    }
  }

  /** Drops the record of {@code publisher} under {@code key}; true if there was one. */
  public boolean remove(Key key, Key publisher) {
    Map<Key, Record> m = records.get(key);
    if (m == null) {
      return false;
    }
    Record r = m.remove(publisher);
    if (r == null) {
      return false;
    }
    count--;
    bytes -= r.valueLength();
    if (m.isEmpty()) {
      records.remove(key);
    }
    return true;
  }

  /** Drops expired records and returns how many. */
  public int purgeExpired() {
    long now = clock.millis();
    int n = 0;
    Iterator<Map.Entry<Key, Map<Key, Record>>> it = records.entrySet().iterator();
    while (it.hasNext()) {
      Map<Key, Record> m = it.next().getValue();
      Iterator<Record> ri = m.values().iterator();
      while (ri.hasNext()) {
        Record r = ri.next();
        if (r.expiresAtMillis() <= now) {
          ri.remove();
          count--;
          bytes -= r.valueLength();
          n++;
        }
      }
      if (m.isEmpty()) {
        it.remove();
      }
    }
    return n;
  }

  /** Unexpired, non-tombstone records matching every keyword, at most {@code limit}. */
  public List<Record> search(List<String> keywords, int limit) {
    List<Record> out = new ArrayList<>();
    long now = clock.millis();
    for (Map<Key, Record> m : records.values()) {
      for (Record r : m.values()) {
        if (!r.isTombstone() && r.expiresAtMillis() > now && r.matchesAll(keywords)) {
          out.add(r);
          if (out.size() >= limit) {
            return out;
          }
        }
      }
    }
    return out;
  }

  /** The distinct keys held, in ring order. */
  public Collection<Key> keys() {
    return List.copyOf(records.keySet());
  }

  /** Every record held, expired or not. */
  public List<Record> all() {
    List<Record> out = new ArrayList<>(count);
    records.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Number of records held. */
  public int size() {
    return count;
  }

  /** Total value bytes held. */
  public long bytes() {
    return bytes;
  }

  /** Largest value accepted, in bytes. */
  public int maxValueBytes() {
    return maxValueBytes;
  }
}
