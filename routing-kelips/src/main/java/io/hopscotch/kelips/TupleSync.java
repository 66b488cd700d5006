package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.kelips.KelipsMessages.DigestRequest;
import io.hopscotch.kelips.KelipsMessages.DigestResponse;
import io.hopscotch.kelips.KelipsMessages.SyncRequest;
import io.hopscotch.kelips.KelipsMessages.SyncResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Anti-entropy of the own group's tuples: every {@code sync-rounds} rounds a node compares the digests
 * of its {@value TupleStore#BUCKETS} key buckets with a random member and pulls, page by page, the
 * buckets that differ; a new node pulls everything once. What it learns is passed on as rumours. Bounded
 * by {@value #MAX_SYNC_PAGES} pages of {@value #SYNC_PAGE_BYTES} bytes per step.
 */
final class TupleSync {

  /** Most pages pulled in one anti-entropy step. */
  static final int MAX_SYNC_PAGES = 64;
  /** Bytes asked for per sync page. */
  static final int SYNC_PAGE_BYTES = 64 * 1024;

  private final StrategyContext ctx;
  private final GroupView view;
  private final TupleStore tuples;
  private final Gossip gossip;
  private final Gossip.Host host;
  private final BooleanSupplier closed;

  TupleSync(StrategyContext ctx, GroupView view, TupleStore tuples, Gossip gossip, Gossip.Host host, BooleanSupplier closed) {
    this.ctx = ctx;
    this.view = view;
    this.tuples = tuples;
    this.gossip = gossip;
    this.host = host;
    this.closed = closed;
  }

  /** Compares bucket digests with a random member and pulls the buckets that differ. */
  void antiEntropy() {
    GroupView.Member m = view.random(ctx.random());
    if (m == null) {
      return;
    }
    Peer peer = m.peer();
    ctx.transport().request(peer, new DigestRequest()).onSuccess(resp -> {
      if (!(resp instanceof DigestResponse d)) {
        return;
      }
      List<Long> mine = tuples.bucketDigests();
      List<int[]> differ = new ArrayList<>();
      for (int b = 0; b < TupleStore.BUCKETS; b++) {
        if (!mine.get(b).equals(d.buckets().get(b))) {
          differ.add(new int[] {b, b});
        }
      }
      if (!differ.isEmpty()) {
        ctx.stats().increment("kelips.sync.pulls");
        pull(peer, differ, 0, null, 0);
      }
    });
  }

  /** Pulls every tuple a member holds (a new node's first sync); never fails. */
  Future<Void> pullAll(Peer from) {
    return pull(from, List.of(new int[] {0, TupleStore.BUCKETS - 1}), 0, null, 0).recover(e -> Future.succeededFuture());
  }

  /** Pulls the bucket ranges {@code [from, to]} one after another, page by page. */
  private Future<Void> pull(Peer from, List<int[]> ranges, int i, Key after, int pages) {
    if (i >= ranges.size() || pages >= MAX_SYNC_PAGES || closed.getAsBoolean()) {
      return Future.succeededFuture();
    }
    int[] range = ranges.get(i);
    return ctx.transport().request(from, new SyncRequest(range[0], range[1], after, SYNC_PAGE_BYTES)).compose(resp -> {
      if (!(resp instanceof SyncResponse s)) {
        return Future.failedFuture("unexpected answer " + resp.type());
      }
      for (Tuple t : s.tuples()) {
        if (host.acceptTuple(t)) {
          gossip.rumourTuple(t.key(), t.publisher());
        }
      }
      if (s.more() && !s.tuples().isEmpty()) {
        return pull(from, ranges, i, s.tuples().get(s.tuples().size() - 1).key(), pages + 1);
      }
      return pull(from, ranges, i + 1, null, pages + 1);
    });
  }

  /** A page of the tuples asked for, whole keys only, records attached where inline. */
  SyncResponse onSync(SyncRequest s) {
    int budget = Math.min(s.maxBytes(), SYNC_PAGE_BYTES);
    List<Tuple> page = new ArrayList<>();
    int used = 0;
    Key last = null;
    for (Tuple t : tuples.page(s.fromBucket(), s.toBucket(), s.after(), KelipsMessages.MAX_TUPLES / 2)) {
      Tuple w = host.tupleForWire(t.key(), t.publisher());
      if (w == null) {
        continue;
      }
      int size = w.encodedSize();
      if (used + size > budget && !page.isEmpty() && !t.key().equals(last)) {
        break; // whole keys only, so the asker can continue after the last one
      }
      page.add(w);
      used += size;
      last = t.key();
    }
    boolean more = last != null && tuples.hasKeysAfter(last, s.toBucket());
    return new SyncResponse(page, more);
  }
}
