package io.hopscotch.chord;

import io.hopscotch.chord.ChordMessages.DigestEntry;
import io.hopscotch.chord.ChordMessages.DigestReply;
import io.hopscotch.chord.ChordMessages.DigestRequest;
import io.hopscotch.chord.ChordMessages.FetchReply;
import io.hopscotch.chord.ChordMessages.StoreReply;
import io.hopscotch.chord.ChordMessages.StoreRequest;
import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.LocalStore;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records live: every key on its owner, successor(key), and on the owner's next replicas − 1
 * successors on distinct hosts. All records under a key (one per publisher, tombstones included) travel
 * together.
 *
 * <ul>
 *   <li>put: the owner stores, passes records that belong to an earlier node to its predecessor (the ring
 *       may not have settled yet), and copies them to its replica successors before answering;
 *   <li>join: when a node rectifies a new predecessor that joined between, it hands over the keys the
 *       newcomer now owns (and keeps them as a replica);
 *   <li>membership change: a new replica successor, or a predecessor that died or left (so the owned
 *       range grew), triggers a digest exchange that copies exactly what the replica lacks;
 *   <li>periodic sweep: the same exchange with every replica, and records this node holds but does
 *       not own are offered to their owner and dropped if this node is no longer one of its replicas.
 * </ul>
 */
final class Replicator {

  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
  /** How often a primary store may be passed back to a predecessor. */
  static final int STORE_FORWARDS = 3;
  /** Bytes of record bodies per store message, well under the default 4 MiB frame. */
  static final int CHUNK_BYTES = 512 * 1024;
  /** Stray groups handled per sweep. */
  static final int STRAY_GROUPS_PER_SWEEP = 4;

  /** Most keys waiting to be offered to an owner other than this node (beyond it, the sweep finds them). */
  static final int MAX_PENDING = 4096;
  /** Pending keys sent on per stabilize period. */
  static final int PENDING_PER_PERIOD = 32;

  private final ChordRouting chord;
  /**
   * Keys this node stored as the target of a primary store or a hand-over without being sure it owns them
   * (no live predecessor known, or the owner it passed them to did not answer). Every stabilize period
   * a few groups are offered to their owner as a lookup finds it, so they reach it long before the sweep.
   */
  private final java.util.LinkedHashSet<Key> pending = new java.util.LinkedHashSet<>();

  /**
   * Keys named in replica digests or plain (replica) stores received since the last sweep, and in the
   * sweep period before. An owner
   * offers its whole range to its replicas every sweep, so a key named recently is held here as a replica
   * and is not a stray: the sweep does not spend a lookup on it. Bounded by the store size plus one digest.
   */
  private Set<Key> confirmedNow = new HashSet<>();
  private Set<Key> confirmedBefore = new HashSet<>();

  Replicator(ChordRouting chord) {
    this.chord = chord;
  }

  private LocalStore store() {
    return chord.ctx().store();
  }

  private int replicas() {
    return chord.config().replicas();
  }

  // ---- put ----

  /** Stores a record at its owner (or the next replica holder if the owner is unreachable). */
  Future<Void> put(Record r) {
    return chord.lookup().route(chord.originFor(r.key()), r.key()).compose(res -> storeAt(res.owners(), 0, r));
  }

  private Future<Void> storeAt(List<Contact> owners, int i, Record r) {
    int limit = Math.min(owners.size(), Math.max(1, replicas()));
    if (i >= limit) {
      return Future.failedFuture("no owner or replica of " + r.key() + " accepted the record: tried " + owners.subList(0, limit));
    }
    Contact o = owners.get(i);
    return chord.request(o, new StoreRequest(o.id(), true, STORE_FORWARDS, List.of(r))).transform(ar -> {
      if (ar.succeeded()) {
        return Future.<Void>succeededFuture();
      }
      if (ar.cause() instanceof RemoteException || ar.cause() instanceof InvalidRecordException) {
        return Future.failedFuture(ar.cause());
      }
      chord.forget(o, ar.cause());
      return storeAt(owners, i + 1, r);
    });
  }

  /** A store request at {@code v}. */
  Future<Message> onStore(VirtualNode v, StoreRequest req) {
    if (!req.primary()) {
      int stored = 0;
      for (Record rec : req.records()) {
        // A plain store comes from an owner copying to its replicas (a put or a digest exchange): like a
        // key named in a replica digest, it is a replica copy, not a stray the sweep must look up.
        confirm(rec.key());
        try {
          if (store().put(rec)) {
            stored++;
          }
        } catch (InvalidRecordException e) {
          chord.ctx().stats().increment("chord.records.rejected");
          LOG.debug("rejected replica {}: {}", rec, e.getMessage());
        }
      }
      return Future.succeededFuture(new StoreReply(stored));
    }
    // The owner check comes first: records that belong to an earlier node go there, and are kept here
    // only if that node cannot take them, so a put routed by a stale table leaves no stray copy.
    List<Record> mine = new ArrayList<>();
    List<Record> earlier = new ArrayList<>();
    Contact p = v.predecessor;
    boolean canForward = req.forwards() > 0 && p != null && v.predecessorAlive && !chord.isLocal(p);
    for (Record rec : req.records()) {
      if (p == null || !v.predecessorAlive || (!canForward && !rec.key().inOpenClosed(p.id(), v.id))) {
        // Not known to be ours (no live predecessor, or the forwards along predecessors ran out): keep
        // the record, and offer it to its owner once a lookup from here finds one.
        addPending(rec.key());
      }
    }
    for (Record rec : req.records()) {
      (canForward && !rec.key().inOpenClosed(p.id(), v.id) ? earlier : mine).add(rec);
    }
    int stored = 0;
    for (Record rec : mine) {
      try {
        if (store().put(rec)) {
          stored++;
        }
      } catch (InvalidRecordException e) {
        return Future.failedFuture(e);
      }
    }
    int count = stored;
    List<Future<?>> work = new ArrayList<>();
    work.add(replicate(v, mine));
    if (!earlier.isEmpty()) {
      chord.ctx().stats().increment("chord.store.forwarded");
      work.add(chord.request(p, new StoreRequest(p.id(), true, req.forwards() - 1, earlier))
          .recover(e -> {
            chord.forget(p, e);
            for (Record rec : earlier) {
              store().put(rec);
              addPending(rec.key());
            }
            return replicate(v, earlier).map(x -> null);
          }));
    }
    return Future.join(work).transform(ar -> {
      if (ar.failed() && ar.cause() instanceof InvalidRecordException) {
        return Future.failedFuture(ar.cause());
      }
      return Future.succeededFuture(new StoreReply(count));
    });
  }

  /** Copies {@code records} to {@code v}'s replica successors; completes when all answered or failed. */
  private Future<Void> replicate(VirtualNode v, List<Record> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>();
    for (Contact t : v.replicaTargets(replicas())) {
      all.add(push(t, records).onFailure(e -> chord.forget(t, e)));
    }
    return Future.join(all).transform(ar -> Future.succeededFuture());
  }

  /** Sends records to {@code to} as plain (non-primary) stores, in chunks. */
  Future<Void> push(Contact to, List<Record> records) {
    return push(to, records, false);
  }

  /**
   * Sends records to {@code to} in chunks; as primary stores if {@code primary}, so the receiver checks
   * that it owns them and passes the others on towards their owner.
   */
  Future<Void> push(Contact to, List<Record> records, boolean primary) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<List<Record>> chunks = new ArrayList<>();
    List<Record> cur = new ArrayList<>();
    int bytes = 0;
    for (Record r : records) {
      int size = r.encodedSize();
      if (!cur.isEmpty() && (cur.size() >= ChordMessages.MAX_RECORDS || bytes + size > CHUNK_BYTES)) {
        chunks.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(r);
      bytes += size;
    }
    chunks.add(cur);
    chord.ctx().stats().add("chord.records.pushed", records.size());
    Future<Void> f = Future.succeededFuture();
    for (List<Record> c : chunks) {
      f = f.compose(x -> chord.request(to, new StoreRequest(to.id(), primary, primary ? STORE_FORWARDS : 0, c)).mapEmpty());
    }
    return f;
  }

  // ---- fetch and digest ----

  /** What {@code v} holds under {@code key}, or a redirect to its predecessor if that one owns the key. */
  FetchReply onFetch(VirtualNode v, Key key) {
    List<Record> recs = store().get(key);
    Contact p = v.predecessor;
    Contact redirect = null;
    if (recs.isEmpty() && p != null && v.predecessorAlive && !key.inOpenClosed(p.id(), v.id)) {
      redirect = p;
    }
    if (recs.size() > ChordMessages.MAX_RECORDS) {
      recs = recs.subList(0, ChordMessages.MAX_RECORDS);
    }
    long now = chord.ctx().clock().millis();
    boolean settling = now - v.neighboursChangedAt(now) < chord.config().settlingMillis();
    return new FetchReply(recs, redirect, settling);
  }

  /** Notes that an owner just named {@code key} as held here as a replica (bounded by the store size plus one digest). */
  private void confirm(Key key) {
    if (confirmedNow.size() < store().size() + ChordMessages.MAX_DIGEST) {
      confirmedNow.add(key);
    }
  }

  /** Which of the offered records {@code v} lacks, with its successors so the sender knows the replica set. */
  DigestReply onDigest(VirtualNode v, DigestRequest req) {
    List<Integer> wanted = new ArrayList<>();
    List<DigestEntry> entries = req.entries();
    for (int i = 0; i < entries.size(); i++) {
      DigestEntry e = entries.get(i);
      confirm(e.key());
      Record have = store().get(e.key(), e.publisher());
      if (have == null || have.version() < e.version()) {
        wanted.add(i);
      }
    }
    return new DigestReply(wanted, v.successors.asList(), v.predecessor);
  }

  /** Offers {@code records} to {@code to} and sends what it lacks; completes with its last digest reply. */
  Future<DigestReply> offer(Contact to, List<Record> records) {
    Future<DigestReply> f = Future.succeededFuture(null);
    for (int start = 0; start < Math.max(1, records.size()); start += ChordMessages.MAX_DIGEST) {
      List<Record> part = records.subList(start, Math.min(records.size(), start + ChordMessages.MAX_DIGEST));
      f = f.compose(x -> {
        List<DigestEntry> entries = part.stream().map(DigestEntry::of).toList();
        return chord.request(to, new DigestRequest(to.id(), entries)).compose(m -> {
          if (!(m instanceof DigestReply d)) {
            return Future.failedFuture("unexpected reply " + m.type());
          }
          List<Record> send = new ArrayList<>();
          for (int i : d.wanted()) {
            if (i < part.size()) {
              send.add(part.get(i));
            }
          }
          chord.ctx().stats().add("chord.records.replicated", send.size());
          return push(to, send).map(y -> d);
        });
      });
    }
    return f;
  }

  // ---- membership changes ----

  /** The records in the range {@code v} owns. */
  List<Record> ownRange(VirtualNode v) {
    if (v.predecessor == null && v.successors.first() == null) {
      return store().range(v.id, v.id);
    }
    return store().range(v.rangeStart(), v.id);
  }

  /** Offers {@code v}'s own range to every replica successor. */
  void syncOwnRange(VirtualNode v) {
    List<Record> mine = ownRange(v);
    if (mine.isEmpty()) {
      return;
    }
    for (Contact t : v.replicaTargets(replicas())) {
      offer(t, mine).onFailure(e -> chord.forget(t, e));
    }
  }

  /** The successor list changed: copy the own range to replica successors that are new. */
  void onSuccessorsChanged(VirtualNode v, List<Contact> before) {
    List<Contact> after = v.replicaTargets(replicas());
    List<Contact> fresh = new ArrayList<>();
    for (Contact c : after) {
      if (before.stream().noneMatch(b -> b.id().equals(c.id()))) {
        fresh.add(c);
      }
    }
    if (fresh.isEmpty() || chord.isClosed()) {
      return;
    }
    List<Record> mine = ownRange(v);
    if (mine.isEmpty()) {
      return;
    }
    for (Contact t : fresh) {
      offer(t, mine).onFailure(e -> chord.forget(t, e));
    }
  }

  /**
   * The predecessor changed from {@code old} to {@code now}. A node that joined between hands nothing
   * back but receives the keys it now owns; a predecessor further back means this node's range grew.
   */
  void onPredecessorChanged(VirtualNode v, Contact old, Contact now, boolean oldGone) {
    if (now == null || chord.isClosed()) {
      return;
    }
    if (old != null && !oldGone && now.id().inOpen(old.id(), v.id)) {
      List<Record> handover = store().range(old.id(), now.id());
      chord.ctx().stats().add("chord.records.handed_over", handover.size());
      handOver(v, now, handover);
    } else if (old == null) {
      Key from = v.successors.first() == null ? v.id : v.successors.first().id();
      if (!from.equals(now.id())) {
        List<Record> handover = store().range(from, now.id());
        chord.ctx().stats().add("chord.records.handed_over", handover.size());
        handOver(v, now, handover);
      }
    } else {
      syncOwnRange(v);
    }
  }

  /**
   * Gives the new owner its records. This node, the new owner's successor, stays one of its replicas
   * when replicas ≥ 2; with a single replica it drops them once the owner has them.
   */
  private void handOver(VirtualNode v, Contact owner, List<Record> records) {
    // Primary stores: the range was computed from this node's old predecessor, which may be stale while
    // the ring converges, so the new owner checks each record and passes on those an earlier node owns.
    push(owner, records, true).onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("hand-over to {} failed: {}", owner, ar.cause().getMessage());
        for (Record r : records) {
          addPending(r.key());
        }
      } else if (replicas() == 1) {
        for (Record r : records) {
          if (ownerOf(r.key()) == null) {
            store().remove(r.key(), r.publisher());
          }
        }
      }
    });
  }

  // ---- periodic sweep ----

  /** Re-replicates every own range and settles a few groups of records this node holds without owning. */
  void sweep() {
    if (chord.isClosed()) {
      return;
    }
    chord.ctx().stats().increment("chord.sync");
    store().purgeExpired();
    for (VirtualNode v : chord.vnodes()) {
      if (v.predecessor == null) {
        return; // ranges unknown until every virtual node has a predecessor
      }
      syncOwnRange(v);
    }
    List<Key> strays = new ArrayList<>();
    for (Key k : store().keys()) {
      if (ownerOf(k) == null && !confirmedNow.contains(k) && !confirmedBefore.contains(k)) {
        strays.add(k);
      }
    }
    confirmedBefore = confirmedNow;
    confirmedNow = new HashSet<>();
    settleStrays(strays, STRAY_GROUPS_PER_SWEEP, false);
  }

  private void addPending(Key k) {
    if (pending.size() < MAX_PENDING) {
      pending.add(k);
    }
  }

  /** Keys waiting for their owner (for tests). */
  int pendingCount() {
    return pending.size();
  }

  /**
   * Sends a few pending keys' records to their owners as primary stores, as a lookup from here finds the
   * owner; called every stabilize period. A primary store lets the receiver check the owner in turn (and
   * pass the records on, or keep them pending itself), so records reach their owner as the ring settles,
   * long before the sweep. Keys this node owns (a live predecessor is known and the key lies after it)
   * or no longer holds leave the set; keys whose lookup or store failed stay for the next period.
   */
  void settlePending() {
    if (pending.isEmpty() || chord.isClosed()) {
      return;
    }
    List<Key> keys = new ArrayList<>();
    for (java.util.Iterator<Key> it = pending.iterator(); it.hasNext() && keys.size() < PENDING_PER_PERIOD;) {
      Key k = it.next();
      it.remove();
      VirtualNode owner = ownerOf(k);
      if (!store().get(k).isEmpty() && (owner == null || !owner.predecessorAlive)) {
        keys.add(k);
      }
    }
    chord.ctx().stats().add("chord.records.pending", keys.size());
    for (Key k : keys) {
      chord.lookup().route(chord.originFor(k), k).onComplete(ar -> {
        if (ar.failed() || ar.result().owners().isEmpty()) {
          addPending(k);
          return;
        }
        Contact owner = ar.result().owners().get(0);
        List<Record> recs = store().get(k);
        if (chord.isLocal(owner) || recs.isEmpty()) {
          return;
        }
        chord.request(owner, new StoreRequest(owner.id(), true, STORE_FORWARDS, recs)).onFailure(e -> addPending(k));
      });
    }
  }

  private VirtualNode ownerOf(Key k) {
    for (VirtualNode v : chord.vnodes()) {
      if (v.predecessor != null && k.inOpenClosed(v.predecessor.id(), v.id)) {
        return v;
      }
    }
    return null;
  }

  /**
   * Offers up to {@code groupsLeft} groups of {@code strays} (keys held here that another node owns) to
   * their owner. With {@code requeue}, keys not settled (lookup or offer failed, or no groups left) go
   * back into the pending set.
   */
  private void settleStrays(List<Key> strays, int groupsLeft, boolean requeue) {
    if (strays.isEmpty() || chord.isClosed()) {
      return;
    }
    if (groupsLeft <= 0) {
      if (requeue) {
        strays.forEach(this::addPending);
      }
      return;
    }
    Key k = strays.get(0);
    chord.lookup().route(chord.originFor(k), k).onComplete(ar -> {
      if (ar.failed() || ar.result().owners().isEmpty()) {
        if (requeue) {
          strays.forEach(this::addPending);
        }
        return;
      }
      Contact owner = ar.result().owners().get(0);
      Key from = ar.result().answeredBy().id();
      Set<Key> group = new HashSet<>();
      List<Key> rest = new ArrayList<>();
      for (Key s : strays) {
        boolean in = from.equals(owner.id()) ? s.equals(k) : s.inOpenClosed(from, owner.id());
        (in ? group : rest).add(s);
      }
      group.add(k);
      rest.remove(k);
      if (chord.isLocal(owner)) {
        settleStrays(rest, groupsLeft - 1, requeue);
        return;
      }
      List<Record> recs = new ArrayList<>();
      for (Key g : group) {
        recs.addAll(store().get(g));
      }
      offer(owner, recs).onComplete(ar2 -> {
        if (ar2.succeeded() && ar2.result() != null && !isReplicaOf(owner, ar2.result().successors())) {
          int dropped = 0;
          for (Key g : group) {
            if (ownerOf(g) == null) {
              dropped += store().get(g).size();
              store().removeKey(g);
            }
          }
          chord.ctx().stats().add("chord.records.dropped", dropped);
        }
        if (ar2.failed() && requeue) {
          group.forEach(this::addPending);
        }
        settleStrays(rest, groupsLeft - 1, requeue);
      });
    });
  }

  /** True if this host is among {@code owner}'s replica holders according to its successor list. */
  private boolean isReplicaOf(Contact owner, List<Contact> ownerSuccessors) {
    Key self = chord.ctx().self().id();
    Set<Key> hosts = new HashSet<>();
    hosts.add(owner.host().id());
    for (Contact c : ownerSuccessors) {
      if (hosts.size() >= replicas()) {
        break;
      }
      hosts.add(c.host().id());
    }
    return hosts.contains(self);
  }
}
