package io.hopscotch.pastry;

import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keyword search over a key-based overlay. When a node publishes a record with keywords it also keeps,
 * for each keyword, an index record under SHA-1("kw:" + keyword), signed by itself, whose value is the
 * list of 20-byte keys of the items it published with that keyword (one index record per publisher and
 * keyword, since a key holds one record per publisher). A search looks up the index of its first keyword
 * and keeps the candidates whose own records carry every keyword.
 */
final class KeywordIndex {

  /** Most candidate items one search fetches. */
  static final int MAX_CANDIDATES = 256;

  private final StrategyContext ctx;
  private final Function<Key, Future<Lookup>> lookup;
  private final Function<Record, Future<Void>> store;
  // Index updates of this node run one after another: each reads and rewrites its own index record.
  private Future<Void> tail = Future.succeededFuture();

  KeywordIndex(StrategyContext ctx, Function<Key, Future<Lookup>> lookup, Function<Record, Future<Void>> store) {
    this.ctx = ctx;
    this.lookup = lookup;
    this.store = store;
  }

  /** The key of the index of {@code keyword}. */
  static Key indexKey(String keyword) {
    return Key.sha1("kw:" + keyword);
  }

  /** Adds {@code item} to the index of each of its keywords. */
  Future<Void> publish(Record item) {
    if (item.isTombstone() || item.keywords().isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> all = new ArrayList<>();
    for (String kw : item.keywords()) {
      Future<Void> f = tail.transform(ar -> addToIndex(kw, item));
      tail = f.recover(e -> Future.succeededFuture());
      all.add(f);
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> addToIndex(String keyword, Record item) {
    Key ik = indexKey(keyword);
    Key me = ctx.signer().id();
    return lookup.apply(ik).compose(l -> {
      Record mine = null;
      for (Record r : l.records()) {
        if (r.publisher().equals(me) && (mine == null || r.supersedes(mine))) {
          mine = r;
        }
      }
      LinkedHashSet<Key> keys = new LinkedHashSet<>();
      if (mine != null && !mine.isTombstone()) {
        keys.addAll(decode(mine.value()));
      }
      keys.remove(item.key());
      keys.add(item.key());
      int max = Math.max(1, ctx.store().maxValueBytes() / Key.BYTES);
      List<Key> list = new ArrayList<>(keys);
      if (list.size() > max) {
        list = list.subList(list.size() - max, list.size()); // the oldest entries give way
      }
      byte[] value = new byte[list.size() * Key.BYTES];
      for (int i = 0; i < list.size(); i++) {
        list.get(i).writeTo(value, i * Key.BYTES);
      }
      long version = Math.max(item.version(), mine == null ? 0 : mine.version() + 1);
      long expires = Math.max(item.expiresAtMillis(), mine == null ? 0 : mine.expiresAtMillis());
      return store.apply(Record.create(ctx.signer(), ik, value, List.of(), version, expires));
    });
  }

  /** The item keys in an index value; trailing bytes that do not make a key are ignored. */
  static List<Key> decode(byte[] value) {
    List<Key> out = new ArrayList<>();
    for (int i = 0; i + Key.BYTES <= value.length; i += Key.BYTES) {
      out.add(Key.fromBytes(value, i));
    }
    return out;
  }

  /** Items carrying all of {@code words}, at most {@code limit}, by the clock's {@code deadlineMillis}. */
  Future<List<SearchHit>> search(List<String> words, int limit, long deadlineMillis) {
    Promise<List<SearchHit>> result = Promise.promise();
    Map<Key, SearchHit> hits = new java.util.LinkedHashMap<>();
    long wait = Math.max(0, deadlineMillis - ctx.clock().millis());
    Timers.Timer deadline = ctx.timers().once(wait, () -> result.tryComplete(List.copyOf(hits.values())));
    lookup.apply(indexKey(words.get(0))).onComplete(ar -> {
      if (ar.failed()) {
        deadline.cancel();
        result.tryFail(ar.cause());
        return;
      }
      Set<Key> candidates = new LinkedHashSet<>();
      for (Record r : newestLive(ar.result().records())) {
        for (Key k : decode(r.value())) {
          if (candidates.size() < MAX_CANDIDATES) {
            candidates.add(k);
          }
        }
      }
      List<Future<?>> fetches = new ArrayList<>();
      for (Key k : candidates) {
        fetches.add(lookup.apply(k).onSuccess(l -> {
          for (Record r : newestLive(l.records())) {
            if (r.key().equals(k) && r.matchesAll(words) && hits.size() < limit && !hits.containsKey(k)) {
              hits.put(k, new SearchHit(k, r.keywords(), List.of(), r.valueLength(), l.hops()));
            }
          }
          if (hits.size() >= limit) {
            deadline.cancel();
            result.tryComplete(List.copyOf(hits.values()));
          }
        }));
      }
      Future.join(fetches).onComplete(x -> {
        deadline.cancel();
        result.tryComplete(List.copyOf(hits.values()));
      });
    });
    return result.future();
  }

  /** Verified, unexpired records, the newest per publisher, without tombstones. */
  private List<Record> newestLive(List<Record> records) {
    Map<Key, Record> newest = new HashMap<>();
    long now = ctx.clock().millis();
    for (Record r : records) {
      try {
        r.verify(ctx.verifier(), Math.max(ctx.store().maxValueBytes(), r.valueLength()), now);
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
    return out;
  }
}
