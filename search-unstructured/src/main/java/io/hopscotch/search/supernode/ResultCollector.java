package io.hopscotch.search.supernode;

import io.hopscotch.core.Key;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the results of one supernode query as they arrive, one per (item, holder), until a limit
 * is reached or the deadline passes. A key search counts holders toward the limit, a keyword search
 * counts distinct items.
 */
final class ResultCollector {

  private record ItemHolder(Key item, Key holder) {
  }

  private final boolean countHolders;
  private final int limit;
  private final Map<ItemHolder, SupernodeMessages.Result> results = new LinkedHashMap<>();
  private final Set<Key> items = new HashSet<>();
  private final Promise<List<SupernodeMessages.Result>> promise = Promise.promise();
  private final Timers.Timer deadline;

  ResultCollector(StrategyContext ctx, boolean countHolders, int limit, long waitMillis) {
    this.countHolders = countHolders;
    this.limit = Math.min(limit, SupernodeMessages.MAX_RESULTS);
    this.deadline = ctx.timers().once(Math.max(0, waitMillis), this::finish);
  }

  void add(List<SupernodeMessages.Result> found) {
    if (promise.future().isComplete()) {
      return;
    }
    for (SupernodeMessages.Result r : found) {
      ItemHolder ih = new ItemHolder(r.item().key(), r.holder().id());
      if (results.containsKey(ih) || results.size() >= SupernodeMessages.MAX_RESULTS) {
        continue;
      }
      if (!countHolders && !items.contains(ih.item()) && items.size() >= limit) {
        continue;
      }
      results.put(ih, r);
      items.add(ih.item());
    }
    if ((countHolders ? results.size() : items.size()) >= limit) {
      finish();
    }
  }

  void finish() {
    deadline.cancel();
    promise.tryComplete(new ArrayList<>(results.values()));
  }

  void fail(String reason) {
    deadline.cancel();
    promise.tryFail(new io.hopscotch.core.HopscotchException(reason));
  }

  Future<List<SupernodeMessages.Result>> future() {
    return promise.future();
  }
}
