package io.hopscotch.chord;

import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keyword search on a ring that only knows exact keys. For each keyword of a record it puts, the
 * publishing node also stores an index record under SHA-1("kw:" + keyword) whose value is the list of
 * item keys it published with that keyword (20 bytes each). Index records are signed by the publisher
 * like any other, so a key holds one index record per publisher. A search reads the index of the first
 * keyword and keeps the items whose own record carries every keyword.
 *
 * <p>The per-keyword item sets live in this strategy's memory: after a restart a publisher's index
 * records are rebuilt only as it puts again (they expire with the records they point to). Each set is
 * bounded by the node's value size limit divided by 20.
 */
final class KeywordIndex {

  private final ChordRouting chord;
  /** Keyword → items this node published with it, oldest first, with their expiry. */
  private final Map<String, LinkedHashMap<Key, Long>> published = new HashMap<>();
  /** Item key → its keywords, so a newer version or a removal can update the index. */
  private final Map<Key, List<String>> itemKeywords = new HashMap<>();
  private long version;

  KeywordIndex(ChordRouting chord) {
    this.chord = chord;
  }

  /** The key of the index of {@code keyword}. */
  static Key indexKey(String keyword) {
    return Key.sha1("kw:" + keyword);
  }

  /** Updates the index records after this node put {@code r} (a value or a tombstone). */
  Future<Void> onPut(Record r) {
    Set<String> touched = new LinkedHashSet<>();
    List<String> old = itemKeywords.remove(r.key());
    if (old != null) {
      for (String kw : old) {
        LinkedHashMap<Key, Long> items = published.get(kw);
        if (items != null && items.remove(r.key()) != null) {
          touched.add(kw);
        }
      }
    }
    if (!r.isTombstone() && !r.keywords().isEmpty()) {
      itemKeywords.put(r.key(), r.keywords());
      int max = Math.max(1, chord.ctx().store().maxValueBytes() / Key.BYTES);
      for (String kw : r.keywords()) {
        LinkedHashMap<Key, Long> items = published.computeIfAbsent(kw, x -> new LinkedHashMap<>());
        items.put(r.key(), r.expiresAtMillis());
        while (items.size() > max) {
          items.remove(items.keySet().iterator().next());
        }
        touched.add(kw);
      }
    }
    List<Future<Void>> puts = new ArrayList<>();
    for (String kw : touched) {
      puts.add(chord.replicator().put(indexRecord(kw)));
    }
    return Future.all(puts).mapEmpty();
  }

  private Record indexRecord(String kw) {
    long now = chord.ctx().clock().millis();
    version = Math.max(version + 1, now);
    LinkedHashMap<Key, Long> items = published.getOrDefault(kw, new LinkedHashMap<>());
    items.values().removeIf(exp -> exp <= now);
    if (items.isEmpty()) {
      published.remove(kw);
      return Record.tombstone(chord.ctx().signer(), indexKey(kw), version, now + 24 * 3_600_000L);
    }
    byte[] value = new byte[items.size() * Key.BYTES];
    long expires = now;
    int i = 0;
    for (Map.Entry<Key, Long> e : items.entrySet()) {
      e.getKey().writeTo(value, i * Key.BYTES);
      expires = Math.max(expires, e.getValue());
      i++;
    }
    return Record.create(chord.ctx().signer(), indexKey(kw), value, List.of(), version, expires);
  }

  /** Finds items carrying all of {@code words}: up to {@code limit}, stopping at {@code deadlineMillis}. */
  Future<List<SearchHit>> search(List<String> words, int limit, long deadlineMillis) {
    List<String> normal = Record.normalise(words);
    if (normal.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return chord.lookup().get(indexKey(normal.get(0))).compose(res -> {
      Set<Key> candidates = new LinkedHashSet<>();
      for (Record r : newestLive(res.records())) {
        byte[] v = r.value();
        for (int off = 0; off + Key.BYTES <= v.length; off += Key.BYTES) {
          candidates.add(Key.fromBytes(v, off));
        }
      }
      List<SearchHit> hits = new ArrayList<>();
      return check(new ArrayList<>(candidates), 0, normal, limit, deadlineMillis, res.hops(), hits).map(x -> List.copyOf(hits));
    });
  }

  private Future<Void> check(List<Key> candidates, int i, List<String> words, int limit, long deadline, int hops, List<SearchHit> hits) {
    if (i >= candidates.size() || hits.size() >= limit || chord.ctx().clock().millis() >= deadline) {
      return Future.succeededFuture();
    }
    Key k = candidates.get(i);
    return chord.lookup().get(k).transform(ar -> {
      if (ar.succeeded()) {
        for (Record r : newestLive(ar.result().records())) {
          if (r.key().equals(k) && r.matchesAll(words)) {
            hits.add(new SearchHit(k, r.keywords(), List.of(), r.valueLength(), hops));
            break;
          }
        }
      }
      return check(candidates, i + 1, words, limit, deadline, hops, hits);
    });
  }

  /** Verified, newest-per-publisher, non-tombstone records. */
  private List<Record> newestLive(List<Record> found) {
    Map<Key, Record> newest = new HashMap<>();
    long now = chord.ctx().clock().millis();
    for (Record r : found) {
      try {
        r.verify(chord.ctx().verifier(), Math.max(chord.ctx().store().maxValueBytes(), r.valueLength()), now);
      } catch (InvalidRecordException e) {
        continue;
      }
      newest.merge(r.publisher(), r, (a, b) -> b.supersedes(a) ? b : a);
    }
    List<Record> out = new ArrayList<>();
    for (Record r : newest.values()) {
      if (!r.isTombstone()) {
        out.add(r);
      }
    }
    out.sort((a, b) -> a.publisher().compareTo(b.publisher()));
    return out;
  }
}
