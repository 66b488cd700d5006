package io.hopscotch.pastry;

import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.pastry.PastryMessages.StoreReply;
import io.hopscotch.pastry.PastryMessages.StoreRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every key on the {@code replicas} nodes numerically closest to it. The root of a put stores the
 * records and copies them to the rest of the replica set; afterwards, whenever the leaf set changes, each
 * holder works out which nodes joined a key's replica set since it last looked (a newcomer, or the next
 * closest node after a replica died) and sends them the key's records, tombstones included. All
 * records under a key travel together, whoever published them.
 */
final class Replicator {

  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
  /** Delay that gathers a burst of leaf-set changes into one pass, in milliseconds. */
  static final long DEBOUNCE_MILLIS = 200;
  /** Most records per store message. */
  private static final int BATCH = 256;

  private final StrategyContext ctx;
  private final NodeState state;
  private final int replicas;
  private List<Peer> lastView = List.of();
  private Timers.Timer pending;
  private boolean closed;

  Replicator(StrategyContext ctx, NodeState state) {
    this.ctx = ctx;
    this.state = state;
    this.replicas = state.config().replicas();
  }

  /** The leaf set changed: re-check replica sets shortly. */
  void leafSetChanged() {
    if (pending == null && !closed) {
      pending = ctx.timers().once(DEBOUNCE_MILLIS, () -> {
        pending = null;
        repair();
      });
    }
  }

  void close() {
    closed = true;
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  /**
   * Stores records that arrived in a store request. As the root ({@code replicate}), also copies them
   * to the rest of the replica set and completes once those copies were answered (failures are dropped
   * from the state and otherwise ignored: the repair after the leaf-set change covers them).
   *
   * @throws InvalidRecordException if the root was asked to keep a record that does not verify
   */
  Future<StoreReply> store(List<Record> records, boolean replicate) {
    int stored = 0;
    for (Record r : records) {
      try {
        if (ctx.store().put(r)) {
          stored++;
        }
      } catch (InvalidRecordException e) {
        ctx.stats().increment("pastry.records.rejected");
        if (replicate) {
          throw e;
        }
        LOG.debug("dropping replica {}: {}", r, e.getMessage());
      }
    }
    int n = stored;
    if (!replicate || records.isEmpty()) {
      return Future.succeededFuture(new StoreReply(n));
    }
    Map<Peer, List<Record>> byTarget = new LinkedHashMap<>();
    for (Record r : records) {
      for (Peer p : state.leafSet().closest(r.key(), replicas)) {
        if (!p.id().equals(state.self().id())) {
          byTarget.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
        }
      }
    }
    List<Future<?>> sent = send(byTarget);
    return Future.join(sent).transform(ar -> Future.succeededFuture(new StoreReply(n)));
  }

  /** Sends each target its records in batches; a target that does not answer is dropped from the state. */
  List<Future<?>> send(Map<Peer, List<Record>> byTarget) {
    List<Future<?>> out = new ArrayList<>();
    byTarget.forEach((peer, recs) -> {
      for (int i = 0; i < recs.size(); i += BATCH) {
        List<Record> batch = recs.subList(i, Math.min(recs.size(), i + BATCH));
        ctx.stats().add("pastry.records.replicated", batch.size());
        out.add(ctx.transport().request(peer, new StoreRequest(batch, false)).onFailure(e -> state.failed(peer)));
      }
    });
    return out;
  }

  /** Pushes each held key to the nodes that entered its replica set since the last pass. */
  void repair() {
    if (closed) {
      return;
    }
    List<Peer> view = state.leafSet().members();
    if (ctx.store().size() == 0) {
      lastView = view;
      return;
    }
    Set<Key> before = new HashSet<>();
    lastView.forEach(p -> before.add(p.id()));
    List<Peer> oldView = new ArrayList<>(lastView);
    oldView.add(state.self());
    lastView = view;
    Map<Peer, List<Record>> push = new LinkedHashMap<>();
    for (Key key : ctx.store().keys()) {
      if (!state.leafSet().covers(key)) {
        continue; // not near this node: its placement is another node's business
      }
      List<Peer> now = state.leafSet().closest(key, replicas);
      List<Peer> then = closest(oldView, key, replicas);
      List<Record> records = null;
      for (Peer p : now) {
        if (p.id().equals(state.self().id()) || then.stream().anyMatch(q -> q.id().equals(p.id()))) {
          continue;
        }
        if (records == null) {
          records = ctx.store().get(key);
        }
        if (!records.isEmpty()) {
          push.computeIfAbsent(p, k -> new ArrayList<>()).addAll(records);
        }
      }
    }
    if (!push.isEmpty()) {
      ctx.stats().increment("pastry.replication.repairs");
      send(push);
    }
  }

  /** Hands every held key to the nodes that will hold it once this node is gone. */
  Future<Void> handOver() {
    Map<Peer, List<Record>> push = new LinkedHashMap<>();
    List<Peer> others = state.leafSet().members();
    for (Key key : ctx.store().keys()) {
      List<Record> records = ctx.store().get(key);
      if (records.isEmpty()) {
        continue;
      }
      for (Peer p : closest(others, key, replicas)) {
        push.computeIfAbsent(p, k -> new ArrayList<>()).addAll(records);
      }
    }
    return Future.join(send(push)).mapEmpty();
  }

  private static List<Peer> closest(List<Peer> peers, Key key, int count) {
    List<Peer> all = new ArrayList<>(peers);
    all.sort(Distance.toPeer(key));
    return all.subList(0, Math.min(count, all.size()));
  }
}
