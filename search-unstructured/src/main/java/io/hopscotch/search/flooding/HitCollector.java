package io.hopscotch.search.flooding;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the hits of one query as they arrive over time, until a limit is reached, the deadline
 * passes, or (if a linger time is set) no new hit came for that long after the first one. A keyword
 * search counts distinct items toward its limit, a key search counts distinct holders.
 *
 * <p>Bounded whatever the hits say: the limit is at most {@link #MAX_ITEMS}; each item lists at most
 * {@link #MAX_HOLDERS_PER_ITEM} holders (the first to answer, normally the nearest); a responder is
 * recorded as a holder only if it holds an item that was kept (so once a keyword search has its items,
 * further responders with other items cost nothing), and at most {@link #MAX_HOLDERS} holders are
 * recorded in all. Hits beyond a bound are dropped, not failed: the search still ends with what it has.
 */
public final class HitCollector {

  /** Most items (keyword search) or holders (key search) one collection counts toward its limit. */
  public static final int MAX_ITEMS = 1000;
  /** Most holders listed for one item of a keyword search (a key search lists up to its limit). */
  public static final int MAX_HOLDERS_PER_ITEM = 32;
  /** Most holders one collection records. */
  public static final int MAX_HOLDERS = 4096;

  /** A holder of the sought items, as its hit described it. */
  public record Holder(Peer peer, boolean firewalled, int distance) {
  }

  private static final class Item {
    final List<String> keywords;
    final long size;
    final Set<Peer> holders = new LinkedHashSet<>();
    int hops = Integer.MAX_VALUE;

    Item(List<String> keywords, long size) {
      this.keywords = keywords;
      this.size = size;
    }
  }

  private final StrategyContext ctx;
  private final boolean countHolders;
  private final int limit;
  private final long lingerMillis;
  private final int holdersPerItem;
  private final Map<Key, Item> items = new LinkedHashMap<>();
  private final Map<Key, Holder> holders = new LinkedHashMap<>();
  private final Promise<List<SearchHit>> promise = Promise.promise();
  private final Timers.Timer deadline;
  private Timers.Timer linger;

  /**
   * Starts collecting.
   *
   * @param ctx the node's context, for its clock and timers
   * @param countHolders true to count distinct holders toward the limit (key search), false for distinct items
   * @param limit stop after this many (at most {@link #MAX_ITEMS}; a larger limit is lowered to it)
   * @param deadlineMillis stop at this instant of the node clock
   * @param lingerMillis stop this long after the last new hit, once there is one; 0 to wait for the deadline
   */
  public HitCollector(StrategyContext ctx, boolean countHolders, int limit, long deadlineMillis, long lingerMillis) {
    this.ctx = ctx;
    this.countHolders = countHolders;
    this.limit = Math.min(limit, MAX_ITEMS);
    // a key search counts holders of its one item, so that item may list as many as the limit
    this.holdersPerItem = countHolders ? this.limit : MAX_HOLDERS_PER_ITEM;
    this.lingerMillis = lingerMillis;
    this.deadline = ctx.timers().once(Math.max(0, deadlineMillis - ctx.clock().millis()), this::finish);
  }

  /** Adds the items one holder reported. Ignored once complete. */
  public void add(Peer holder, boolean firewalled, int distance, List<FloodingMessages.HitItem> found) {
    if (isDone()) {
      return;
    }
    Holder old = holders.get(holder.id());
    if (old == null && holders.size() >= MAX_HOLDERS) {
      ctx.stats().increment("flooding.hits_over_bound");
      return;
    }
    boolean news = false;
    boolean kept = false;
    for (FloodingMessages.HitItem h : found) {
      Item i = items.get(h.key());
      if (i == null) {
        if (items.size() >= limit) {
          continue;
        }
        i = new Item(h.keywords(), h.size());
        items.put(h.key(), i);
        news = true;
      }
      if (i.holders.size() < holdersPerItem || i.holders.contains(holder)) {
        i.holders.add(holder);
        kept = true;
      }
      i.hops = Math.min(i.hops, distance);
    }
    if (!kept) {
      return;
    }
    if (old == null) {
      news = true;
    }
    if (old == null || old.distance() > distance) {
      holders.put(holder.id(), new Holder(holder, firewalled, distance));
    }
    if ((countHolders ? holders.size() : items.size()) >= limit) {
      finish();
      return;
    }
    if (news && lingerMillis > 0) {
      if (linger != null) {
        linger.cancel();
      }
      linger = ctx.timers().once(lingerMillis, this::finish);
    }
  }

  /** True once the result is final. */
  public boolean isDone() {
    return promise.future().isComplete();
  }

  /** Ends the collection with what has arrived. Idempotent. */
  public void finish() {
    deadline.cancel();
    if (linger != null) {
      linger.cancel();
    }
    promise.tryComplete(hits());
  }

  /** Ends the collection with a failure (the node is closing). Idempotent. */
  public void fail(String reason) {
    deadline.cancel();
    if (linger != null) {
      linger.cancel();
    }
    promise.tryFail(new io.hopscotch.core.HopscotchException(reason));
  }

  private List<SearchHit> hits() {
    List<SearchHit> out = new ArrayList<>(items.size());
    items.forEach((k, i) -> out.add(new SearchHit(k, i.keywords, new ArrayList<>(i.holders), i.size, i.hops)));
    return out;
  }

  /** The hits, once collection ends. */
  public Future<List<SearchHit>> future() {
    return promise.future();
  }

  /** Every holder heard from, nearest hit kept. */
  public List<Holder> holders() {
    return new ArrayList<>(holders.values());
  }
}
