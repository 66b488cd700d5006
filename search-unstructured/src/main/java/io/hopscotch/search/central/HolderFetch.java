package io.hopscotch.search.central;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.StrategyContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Napster download choice: probe the holders the index named (round-trip time and a short
 * bandwidth probe), rank them by the expected time to receive the item, and fetch the records from
 * the best one, falling back to the next best if it fails.
 */
final class HolderFetch {

  private static final Logger LOG = LoggerFactory.getLogger(HolderFetch.class);
  /** Most holders probed for one lookup, so a popular key does not cost a probe per holder. */
  static final int MAX_PROBED = 8;

  private final StrategyContext ctx;
  private final int probeBytes;

  HolderFetch(StrategyContext ctx, int probeBytes) {
    this.ctx = ctx;
    this.probeBytes = probeBytes;
  }

  /**
   * Fetches the records under {@code key} from the best of {@code holders}.
   *
   * @param pathSoFar nodes already contacted (the index server), counted as hops
   * @return the records of the first holder that answered; an empty lookup if every holder that
   *     answered no longer had the key; a failure naming the holders if none answered
   */
  Future<Lookup> fetch(Key key, List<IndexTable.Holder> holders, List<Peer> pathSoFar) {
    Peer self = ctx.self();
    List<Record> local = null;
    List<IndexTable.Holder> remote = new ArrayList<>();
    for (IndexTable.Holder h : holders) {
      if (h.peer().id().equals(self.id())) {
        local = ctx.store().get(key);
      } else {
        remote.add(h);
      }
    }
    if (local != null && !local.isEmpty()) {
      return Future.succeededFuture(new Lookup(local, pathSoFar.size(), pathSoFar));
    }
    if (remote.isEmpty()) {
      return Future.succeededFuture(new Lookup(List.of(), pathSoFar.size(), pathSoFar));
    }
    if (remote.size() > MAX_PROBED) {
      Collections.shuffle(remote, ctx.random());
      remote = new ArrayList<>(remote.subList(0, MAX_PROBED));
    }
    List<Future<ProbeResult>> probes = new ArrayList<>();
    for (IndexTable.Holder h : remote) {
      probes.add(ctx.probe(h.peer(), probeBytes).recover(e -> {
        ctx.stats().increment("central.probe_failed");
        LOG.debug("probe of holder {} failed: {}", h.peer(), e.getMessage());
        return Future.succeededFuture(null);
      }));
    }
    List<IndexTable.Holder> candidates = remote;
    return Future.join(probes).transform(ignored -> {
      List<Ranked> ranked = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        ProbeResult p = probes.get(i).result();
        if (p != null) {
          ranked.add(new Ranked(candidates.get(i).peer(), p.expectedNanos(candidates.get(i).size())));
        }
      }
      if (ranked.isEmpty()) {
        return Future.failedFuture(new HopscotchException("none of the " + candidates.size() + " holders of " + key
            + " answered a probe: " + candidates.stream().map(IndexTable.Holder::peer).toList()));
      }
      ranked.sort(Comparator.comparingDouble(Ranked::expectedNanos).thenComparing(r -> r.peer().id()));
      return tryHolder(key, ranked, 0, new ArrayList<>(pathSoFar), false, null);
    });
  }

  private record Ranked(Peer peer, double expectedNanos) {
  }

  private Future<Lookup> tryHolder(Key key, List<Ranked> ranked, int i, List<Peer> path, boolean anyAnswered, Throwable last) {
    if (i >= ranked.size()) {
      if (anyAnswered) {
        return Future.succeededFuture(new Lookup(List.of(), path.size(), path));
      }
      return Future.failedFuture(new HopscotchException("none of the holders of " + key + " answered: "
          + ranked.stream().map(Ranked::peer).toList() + (last == null ? "" : "; last error: " + last.getMessage()), last));
    }
    Peer holder = ranked.get(i).peer();
    path.add(holder);
    return ctx.transport().request(holder, new CentralMessages.FetchRequest(key)).transform(ar -> {
      if (ar.succeeded() && ar.result() instanceof CentralMessages.FetchResponse fr) {
        List<Record> mine = fr.records().stream().filter(r -> r.key().equals(key)).toList();
        if (!mine.isEmpty()) {
          if (i > 0) {
            ctx.stats().increment("central.holder_fallback");
          }
          return Future.succeededFuture(new Lookup(mine, path.size(), path));
        }
        return tryHolder(key, ranked, i + 1, path, true, last);
      }
      Throwable cause = ar.failed() ? ar.cause() : new HopscotchException("holder " + holder + " answered " + ar.result().type());
      LOG.debug("fetch of {} from {} failed: {}", key, holder, cause.getMessage());
      return tryHolder(key, ranked, i + 1, path, anyAnswered, cause);
    });
  }
}
