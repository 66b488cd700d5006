package io.hopscotch.chord;

import io.hopscotch.chord.ChordMessages.FingersReply;
import io.hopscotch.chord.ChordMessages.FingersRequest;
import io.hopscotch.chord.ChordMessages.LeaveNotice;
import io.hopscotch.chord.ChordMessages.PingRequest;
import io.hopscotch.chord.ChordMessages.StabilizeReply;
import io.hopscotch.chord.ChordMessages.StabilizeRequest;
import io.hopscotch.chord.ChordMessages.StoreRequest;
import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Ring maintenance after Zave's corrected Chord ("Reasoning about identifier spaces: how to make Chord
 * correct", IEEE TSE 2017): join, stabilize with successor-list repair, rectify (instead of the 2001
 * notify plus a predecessor reset), check-predecessor, fix-fingers and graceful leave.
 *
 * <p><b>Invariant maintained.</b> For every live member n: (1) n's successor list is strictly ordered
 * clockwise from n, holds at most r entries and never n itself; (2) following each member's first
 * <em>live</em> successor from any member reaches one and the same cycle, and that cycle is ordered
 * (no member lies strictly between a member of the cycle and its successor on it) and contains every
 * member that has completed its join (Zave's OneOrderedRing and ConnectedAppendages); (3) a
 * predecessor pointer, when set, names a node that once stabilized with n and lies counter-clockwise
 * of n. Stabilize only ever replaces a successor by a closer live node (never by a node outside
 * (n, successor)) and repairs the list from the successor's own list, so (1) and (2) hold after each
 * step; the property tests check (2) as "one ring containing every live node" after stabilization.
 * As Zave requires, the guarantee holds as long as fewer than r consecutive successors fail at once
 * between stabilizations.
 *
 * <p><b>Rectify.</b> A stabilize request from p tells its target s that p believes s is its successor.
 * s takes p as predecessor if it has none, if p lies between its predecessor and itself, or if its
 * predecessor was found dead; it never clears the pointer (which the original check-predecessor did,
 * and which lets a wrong notifier win).
 */
final class Stabilizer {

  /** Most closer successors one stabilize round adopts in a row (a ring built by many concurrent joins converges in a few rounds). */
  static final int WALK_STEPS = 32;

  private final ChordRouting chord;

  Stabilizer(ChordRouting chord) {
    this.chord = chord;
  }

  private long now() {
    return chord.ctx().clock().millis();
  }

  // ---- join ----

  /** Joins every virtual node: a new ring if {@code bootstrap} is empty. */
  Future<Void> join(List<Address> bootstrap) {
    VirtualNode[] vs = chord.vnodes();
    if (bootstrap.isEmpty()) {
      // A new ring: the first virtual node starts it, the others join through it.
      vs[0].joined = true;
      vs[0].predecessorAlive = true;
      Future<Void> f = Future.succeededFuture();
      for (int i = 1; i < vs.length; i++) {
        VirtualNode v = vs[i];
        f = f.compose(x -> join(v, chord.lookup().routeVia(v, v.id, vs[0])));
      }
      return f;
    }
    List<Future<Void>> all = new ArrayList<>();
    for (VirtualNode v : vs) {
      all.add(join(v, chord.lookup().routeVia(v, v.id, bootstrap)));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> join(VirtualNode v, Future<ChordLookup.Result> found) {
    return found.compose(r -> {
      List<Contact> owners = new ArrayList<>(r.owners());
      owners.removeIf(c -> c.id().equals(v.id));
      if (owners.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("the ring answered with no successor for " + v.self));
      }
      v.successors.adopt(owners.get(0), owners.subList(1, owners.size()));
      v.predecessorAlive = true;
      return stabilize(v, 2);
    }).compose(x -> {
      Contact s = v.successor();
      if (s == v.self) {
        return Future.succeededFuture();
      }
      return chord.request(s, new FingersRequest(s.id())).transform(ar -> {
        if (ar.succeeded() && ar.result() instanceof FingersReply f) {
          List<Contact> known = new ArrayList<>(f.fingers());
          known.addAll(v.successors.asList());
          v.fingers.seed(known);
        }
        return Future.<Void>succeededFuture();
      });
    }).onSuccess(x -> v.joined = true);
  }

  // ---- stabilize and rectify ----

  /**
   * Rounds without change after which fix-fingers runs every fourth period only and, with
   * {@code quiet-backoff=all}, stabilize every second. Any change (a new successor or predecessor, a dead contact, a join hint, a finger that moved)
   * restores the full rate at once, so repair starts as fast as before while a quiet ring costs about
   * half the maintenance traffic.
   */
  static final int QUIET_ROUNDS = 4;

  void stabilizeAll() {
    for (VirtualNode v : chord.vnodes()) {
      if (v.joined && !(chord.config().quietBackoff() == ChordConfig.Backoff.ALL && v.quietStabilizes >= QUIET_ROUNDS && (v.stabilizeTicks++ & 1) == 1)) {
        stabilize(v, 2);
      }
    }
  }

  /**
   * One stabilize round of {@code v}: ask the successor for its predecessor and list, adopt a closer live
   * node if there is one, repair the list from it, and rectify at it. A dead successor is dropped and the
   * next one tried, up to {@code retries} more times.
   */
  Future<Void> stabilize(VirtualNode v, int retries) {
    if (chord.isClosed()) {
      return Future.succeededFuture();
    }
    Contact s = v.successors.first();
    if (s == null) {
      // Alone (or every successor lost): a live predecessor is the only other node known, so it
      // becomes the successor, which closes a ring of two.
      if (v.predecessor == null || !v.predecessorAlive) {
        return Future.succeededFuture();
      }
      List<Contact> before = v.replicaTargets(chord.config().replicas());
      v.successors.adopt(v.predecessor, List.of());
      chord.replicator().onSuccessorsChanged(v, before);
      s = v.successors.first();
    }
    Contact succ = s;
    chord.ctx().stats().increment("chord.stabilize");
    return chord.request(succ, new StabilizeRequest(succ.id(), v.self)).transform(ar -> {
      if (ar.failed() || !(ar.result() instanceof StabilizeReply r)) {
        v.quietStabilizes = 0;
        chord.forget(succ, ar.cause());
        hintPredecessor(v, ar.cause());
        return retries > 0 ? stabilize(v, retries - 1) : Future.succeededFuture();
      }
      List<Contact> before = v.replicaTargets(chord.config().replicas());
      List<Contact> listBefore = v.successors.asList();
      v.successors.adopt(succ, r.successors());
      boolean quiet = r.predecessor() != null && r.predecessor().id().equals(v.id) && listBefore.equals(v.successors.asList())
          && (v.predecessor == null || v.predecessorAlive);
      v.quietStabilizes = quiet ? v.quietStabilizes + 1 : 0;
      return walkBack(v, succ, r.predecessor(), WALK_STEPS).onComplete(x -> chord.replicator().onSuccessorsChanged(v, before));
    });
  }

  /**
   * The successor did not answer a stabilize: it was also the predecessor's second replica holder, so have
   * the predecessor stabilize now and copy its range to the next holder at once, instead of learning of
   * the death only after its own next stabilize and ours. Only this direct check sends the hint: deaths
   * inferred from other requests (a recursive hop that timed out behind a slow path) can be wrong, and a
   * hint for each of them made recursive lookups at 4,096 nodes flood the ring with stabilizes.
   */
  private void hintPredecessor(VirtualNode v, Throwable cause) {
    Contact p = v.predecessor;
    if (cause instanceof io.hopscotch.core.spi.RemoteException || chord.config().replicas() <= 2 || p == null
        || !v.predecessorAlive || chord.isLocal(p)) {
      return;
    }
    chord.send(p, new ChordMessages.JoinHint(p.id(), v.successor()));
  }

  /**
   * While the successor's predecessor lies between us and it, that node is a closer successor: adopt it
   * if it answers (rectifying at it) and look at its predecessor in turn, up to {@code steps} times. One
   * round thus repairs a successor that many joins have left far away, instead of one step per period.
   */
  private Future<Void> walkBack(VirtualNode v, Contact succ, Contact p, int steps) {
    if (steps <= 0 || p == null || !p.id().inOpen(v.id, succ.id()) || chord.isClosed()) {
      return Future.succeededFuture();
    }
    return chord.request(p, new StabilizeRequest(p.id(), v.self)).transform(ar -> {
      if (ar.succeeded() && ar.result() instanceof StabilizeReply r) {
        v.successors.adopt(p, r.successors());
        return walkBack(v, p, r.predecessor(), steps - 1);
      }
      return Future.succeededFuture();
    });
  }

  /** A hint that {@code v}'s successor has a new neighbour (a join, or its successor died): stabilize now, not at the next period. */
  void onJoinHint(VirtualNode v) {
    v.quietStabilizes = 0;
    if (v.joined) {
      stabilize(v, 1);
    }
  }

  /** A stabilize request from {@code from} at {@code v}: rectify, then answer with the predecessor and list. */
  StabilizeReply onStabilize(VirtualNode v, Contact from) {
    rectify(v, from);
    if (v.successors.first() == null && !from.id().equals(v.id)) {
      // Alone until now: whoever found us is also our successor.
      List<Contact> before = v.replicaTargets(chord.config().replicas());
      v.successors.adopt(from, List.of());
      chord.replicator().onSuccessorsChanged(v, before);
    }
    return new StabilizeReply(v.predecessor, v.successors.asList());
  }

  /** Zave's rectify: accept {@code p} as predecessor if there is none, it is closer, or the current one is dead. */
  void rectify(VirtualNode v, Contact p) {
    if (p.id().equals(v.id)) {
      return;
    }
    Contact old = v.predecessor;
    if (old != null && old.id().equals(p.id())) {
      v.predecessorAlive = true;
      heardFromPredecessor(v);
      return;
    }
    if (old != null && v.predecessorAlive && !p.id().inOpen(old.id(), v.id)) {
      // p lies behind the predecessor yet names this node its successor: it found the nodes between dead
      // (or has not met them yet). Check the predecessor now rather than after its silence, and take p at
      // once if it is dead, so the dead node's range (of which this node holds a replica) is copied on
      // within a stabilize period of p instead of after check-predecessor's silence.
      pingPredecessor(v, p);
      return;
    }
    if (old == null || !v.predecessorAlive || p.id().inOpen(old.id(), v.id)) {
      boolean oldDead = old != null && !v.predecessorAlive;
      v.predecessor = p;
      v.predecessorAlive = true;
      heardFromPredecessor(v);
      v.quietStabilizes = 0;
      chord.ctx().stats().increment("chord.rectify");
      chord.replicator().onPredecessorChanged(v, old, p, oldDead);
      if (old != null && !oldDead && p.id().inOpen(old.id(), v.id)) {
        // The old predecessor's successor is now p: tell it, so it links to p at once.
        chord.send(old, new ChordMessages.JoinHint(old.id(), p));
      }
    }
  }

  // ---- check-predecessor ----

  void checkPredecessorsAll() {
    for (VirtualNode v : chord.vnodes()) {
      checkPredecessor(v);
    }
  }

  /**
   * Notes that the predecessor was just heard from, and arranges a check for when its silence would run
   * out. The periodic check alone would notice the silence up to a period late; this one-shot check (one
   * per node at a time, re-armed as the predecessor keeps talking) pings it as soon as it is overdue, so a
   * crashed owner is found by its successor about as fast as by its predecessor's stabilize, at no cost in
   * messages while the predecessor is alive.
   */
  void heardFromPredecessor(VirtualNode v) {
    v.predecessorHeardMillis = now();
    armPredecessorCheck(v);
  }

  private void armPredecessorCheck(VirtualNode v) {
    if (v.predecessorCheck != null || chord.isClosed() || v.predecessor == null || !v.predecessorAlive) {
      return;
    }
    long due = v.predecessorHeardMillis + predecessorSilenceMillis() - now();
    v.predecessorCheck = chord.ctx().timers().once(Math.max(1, due), () -> {
      v.predecessorCheck = null;
      if (chord.isClosed()) {
        return;
      }
      if (v.predecessor != null && v.predecessorAlive && now() - v.predecessorHeardMillis < predecessorSilenceMillis()) {
        armPredecessorCheck(v); // heard from it meanwhile: wait for the new silence to run out
      } else {
        checkPredecessor(v);
      }
    });
  }

  /** Cancels the pending one-shot predecessor checks (on close). */
  void cancelChecks() {
    for (VirtualNode v : chord.vnodes()) {
      if (v.predecessorCheck != null) {
        v.predecessorCheck.cancel();
        v.predecessorCheck = null;
      }
    }
  }

  /** Pings the predecessor if it has been silent too long; a failure marks it dead (kept for its range). */
  void checkPredecessor(VirtualNode v) {
    Contact p = v.predecessor;
    if (p == null || !v.predecessorAlive || now() - v.predecessorHeardMillis < predecessorSilenceMillis()) {
      return;
    }
    pingPredecessor(v, null);
  }

  /**
   * How long a predecessor may stay silent before check-predecessor pings it, in milliseconds: the
   * check-predecessor period, or 2.375 stabilize periods with {@code quiet-backoff=all}, where a quiet
   * predecessor stabilizes every second period only.
   */
  long predecessorSilenceMillis() {
    // A quiet predecessor stabilizes at every second tick of a timer with a quarter-period jitter: gaps of
    // up to 2.25 periods, and the request travels a little after that.
    return chord.config().quietBackoff() == ChordConfig.Backoff.ALL
        ? Math.max(chord.config().checkPredecessorMillis(), chord.config().stabilizeMillis() * 19 / 8)
        : chord.config().checkPredecessorMillis();
  }

  /**
   * Pings the predecessor (at most one ping in flight per virtual node). If it is dead it is marked so,
   * {@code candidate} (a node that stabilized with this one from behind it), if any, is rectified as the
   * new predecessor, and the own range, now grown by the dead node's, is copied to the replica successors.
   */
  private void pingPredecessor(VirtualNode v, Contact candidate) {
    Contact p = v.predecessor;
    if (v.pingingPredecessor || p == null || chord.isClosed()) {
      return;
    }
    v.pingingPredecessor = true;
    chord.ctx().stats().increment("chord.check_predecessor");
    chord.request(p, new PingRequest(p.id())).onComplete(ar -> {
      v.pingingPredecessor = false;
      if (v.predecessor != p) {
        return;
      }
      if (ar.succeeded()) {
        heardFromPredecessor(v);
        return;
      }
      v.predecessorAlive = false;
      chord.forget(p, ar.cause());
      if (candidate != null && !chord.isClosed()) {
        rectify(v, candidate); // syncs the grown range through onPredecessorChanged
      } else {
        // We now own the dead predecessor's range: make sure our successors hold it too.
        chord.replicator().syncOwnRange(v);
      }
    });
  }

  // ---- fix-fingers ----

  void fixFingersAll() {
    for (VirtualNode v : chord.vnodes()) {
      // Fingers only shorten paths (a dead or stale finger costs a lookup one failed query), so a quiet
      // table is checked every fourth period only.
      if (v.joined && !(chord.config().quietBackoff() != ChordConfig.Backoff.NONE && v.quietFingerFixes >= QUIET_ROUNDS && (v.fingerTicks++ & 3) != 0)) {
        fixFingers(v);
      }
    }
  }

  /**
   * Fixes the next finger that is not simply the successor with one lookup, and every following finger
   * whose start the answer also covers.
   */
  void fixFingers(VirtualNode v) {
    Contact succ = v.successor();
    int i = v.nextFinger;
    while (i < Key.BITS && succ != v.self && v.fingers.start(i).inOpenClosed(v.id, succ.id())) {
      v.fingers.set(i, succ);
      i++;
    }
    if (i >= Key.BITS || succ == v.self) {
      v.nextFinger = 0;
      return;
    }
    int index = i;
    Key start = v.fingers.start(index);
    chord.ctx().stats().increment("chord.fix_fingers");
    chord.lookup().route(v, start).onComplete(ar -> {
      int next = index + 1;
      if (ar.failed()) {
        v.quietFingerFixes = 0;
      }
      if (ar.succeeded() && !ar.result().owners().isEmpty()) {
        Contact owner = ar.result().owners().get(0);
        Contact had = v.fingers.get(index);
        v.quietFingerFixes = had != null && had.id().equals(owner.id()) ? v.quietFingerFixes + 1 : 0;
        v.fingers.set(index, owner);
        while (next < Key.BITS && v.fingers.start(next).inOpenClosed(start, owner.id())
            && v.fingers.start(next).inOpenClosed(v.id, owner.id())) {
          v.fingers.set(next, owner);
          next++;
        }
      }
      v.nextFinger = next >= Key.BITS ? 0 : next;
    });
  }

  // ---- leave ----

  /** Hands every virtual node's keys to its successor and tells its neighbours to link past it. */
  Future<Void> leave() {
    List<Future<Void>> all = new ArrayList<>();
    for (VirtualNode v : chord.vnodes()) {
      all.add(leave(v));
    }
    return Future.join(all).mapEmpty();
  }

  private Future<Void> leave(VirtualNode v) {
    Contact succ = v.successors.first();
    if (succ == null || chord.isLocal(succ) && chord.vnodes().length == 1) {
      return Future.succeededFuture();
    }
    List<Record> mine = chord.ctx().store().range(v.rangeStart(), v.id);
    return chord.replicator().push(succ, mine).otherwiseEmpty().compose(x -> {
      chord.send(succ, new LeaveNotice(succ.id(), v.self, v.predecessor, List.of()));
      Contact p = v.predecessor;
      if (p != null && !p.id().equals(succ.id())) {
        chord.send(p, new LeaveNotice(p.id(), v.self, null, v.successors.asList()));
      }
      return Future.<Void>succeededFuture();
    });
  }

  /** A neighbour is leaving: link past it and take over its range if it was the predecessor. */
  void onLeaveNotice(VirtualNode v, LeaveNotice n) {
    Key gone = n.leaving().id();
    if (v.predecessor != null && v.predecessor.id().equals(gone)) {
      Contact old = v.predecessor;
      Contact np = n.predecessor();
      v.predecessor = np == null || np.id().equals(v.id) ? null : np;
      v.predecessorAlive = true;
      heardFromPredecessor(v);
      chord.replicator().onPredecessorChanged(v, old, v.predecessor, true);
    }
    Contact first = v.successors.first();
    List<Contact> before = v.replicaTargets(chord.config().replicas());
    if (first != null && first.id().equals(gone)) {
      List<Contact> rest = new ArrayList<>(n.successors());
      rest.removeIf(c -> c.id().equals(gone));
      if (!rest.isEmpty()) {
        v.successors.adopt(rest.get(0), rest.subList(1, rest.size()));
      } else {
        v.successors.remove(gone);
      }
    } else {
      v.successors.remove(gone);
    }
    v.fingers.remove(gone);
    chord.replicator().onSuccessorsChanged(v, before);
  }
}
