package io.hopscotch.search.central;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Napster choice of holders: probe the holders the index named (round-trip time and a short
 * bandwidth probe), rank them by the expected time to receive the item, and fetch the records from
 * them, best first.
 *
 * <p>A key holds one record per publisher and in the central index every publisher keeps its own
 * record, so a lookup that must return every record asks every ranked holder (in parallel, at most
 * {@link #MAX_PROBED}); holders that fail the probe are skipped. When several holders offer the same
 * content, the {@code direct} transfer uses the same ranking to download from the best one.
 */
final class HolderFetch {

  private static final Logger LOG = LoggerFactory.getLogger(HolderFetch.class);
  /** Most holders probed and asked for one lookup, so a popular key does not cost a request per holder. */
  static final int MAX_PROBED = 8;

  private final StrategyContext ctx;
  private final int probeBytes;

  HolderFetch(StrategyContext ctx, int probeBytes) {
    this.ctx = ctx;
    this.probeBytes = probeBytes;
  }

  /**
   * Fetches the records under {@code key} from {@code holders}.
   *
   * @param pathSoFar nodes already contacted (the index server), counted as hops
   * @return the records of every holder that answered, best holder first (hops = {@code pathSoFar}
   *     plus the holders asked); an empty lookup if no holder is listed or every holder that answered
   *     no longer has the key; a failure naming the holders if none answered
   */
  Future<Lookup> fetch(Key key, List<IndexTable.Holder> holders, List<Peer> pathSoFar) {
    Peer self = ctx.self();
    List<Record> local = new ArrayList<>();
    List<IndexTable.Holder> remote = new ArrayList<>();
    for (IndexTable.Holder h : holders) {
      if (h.peer().id().equals(self.id())) {
        local.addAll(ctx.store().get(key));
      } else {
        remote.add(h);
      }
    }
    if (remote.isEmpty()) {
      return Future.succeededFuture(new Lookup(local, pathSoFar.size(), pathSoFar));
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
        if (!local.isEmpty()) {
          return Future.succeededFuture(new Lookup(local, pathSoFar.size(), pathSoFar));
        }
        return Future.failedFuture(new HopscotchException("none of the " + candidates.size() + " holders of " + key
            + " answered a probe: " + candidates.stream().map(IndexTable.Holder::peer).toList()));
      }
      ranked.sort(Comparator.comparingDouble(Ranked::expectedNanos).thenComparing(r -> r.peer().id()));
      return askAll(key, ranked, local, pathSoFar);
    });
  }

  private record Ranked(Peer peer, double expectedNanos) {
  }

  private Future<Lookup> askAll(Key key, List<Ranked> ranked, List<Record> local, List<Peer> pathSoFar) {
    List<Future<Message>> asks = new ArrayList<>();
    for (Ranked r : ranked) {
      asks.add(ctx.transport().request(r.peer(), new CentralMessages.FetchRequest(key)));
    }
    return Future.join(asks).transform(ignored -> {
      List<Record> records = new ArrayList<>(local);
      List<Peer> path = new ArrayList<>(pathSoFar);
      boolean anyAnswered = !local.isEmpty();
      Throwable last = null;
      for (int i = 0; i < asks.size(); i++) {
        Peer holder = ranked.get(i).peer();
        path.add(holder);
        Future<Message> f = asks.get(i);
        if (f.succeeded() && f.result() instanceof CentralMessages.FetchResponse fr) {
          anyAnswered = true;
          // A holder that returns a forged record loses its connection and is not believed at all.
          ctx.acceptRecords(holder, fr.records()).stream().filter(r -> r.key().equals(key)).forEach(records::add);
        } else {
          last = f.failed() ? f.cause() : new HopscotchException("holder " + holder + " answered " + f.result().type());
          ctx.stats().increment("central.fetch_failed");
          LOG.debug("fetch of {} from {} failed: {}", key, holder, last.getMessage());
        }
      }
      if (!anyAnswered) {
        return Future.failedFuture(new HopscotchException("none of the holders of " + key + " answered: "
            + ranked.stream().map(Ranked::peer).toList() + (last == null ? "" : "; last error: " + last.getMessage()), last));
      }
      return Future.succeededFuture(new Lookup(records, path.size(), path));
    });
  }
}
