package io.hopscotch.chord;

import io.hopscotch.chord.ChordMessages.FetchReply;
import io.hopscotch.chord.ChordMessages.FetchRequest;
import io.hopscotch.chord.ChordMessages.FindReply;
import io.hopscotch.chord.ChordMessages.FindRequest;
import io.hopscotch.chord.ChordMessages.RecursiveReply;
import io.hopscotch.chord.ChordMessages.RecursiveRequest;
import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chord lookups: find the owner of a key, successor(key), and optionally fetch what it holds.
 *
 * <p><b>Iterative</b> (the default): the origin asks one node after another for the closest node it
 * knows before the key, until a node answers that the key lies between it and its successor. The
 * origin keeps every candidate it has heard of, so a dead hop costs one failed query and the next best
 * candidate is tried; that is why iterative is the default: under churn the origin routes around
 * failures itself, and the hop count is simply the number of remote queries.
 *
 * <p><b>Recursive</b>: each hop forwards the request to its best next hop and relays the answer back;
 * about half the latency of iterative (one message per hop instead of a round trip), but a failure deep
 * in the path is only seen by the hop before it, and the budget shrinks with each hop.
 *
 * <p>Hops are the nodes contacted after the origin until the node that answered (for iterative, the
 * number of remote queries, failed ones included); the path lists the nodes that answered, in order.
 */
final class ChordLookup {

  /** Most queries one lookup may make before it gives up (a lookup that loops is a bug or an attack). */
  static final int MAX_QUERIES = 2 * Key.BITS;
  /** Fall-back candidates a node offers besides its best next hop. */
  static final int CANDIDATES = 3;

  private final ChordRouting chord;

  ChordLookup(ChordRouting chord) {
    this.chord = chord;
  }

  /**
   * What a lookup found.
   *
   * @param owners the key's owner followed by its successors (the replica holders)
   * @param answeredBy the node that named the owner (the owner's predecessor, or the owner itself)
   * @param hops remote nodes contacted
   * @param path the nodes that answered, in order
   * @param records the records fetched from the owner (empty for a route)
   */
  record Result(List<Contact> owners, Contact answeredBy, int hops, List<Contact> path, List<Record> records) {
  }

  // ---- answering ----

  /** One iterative step at {@code v}: the owner if the key lies just after {@code v}, else better candidates. */
  FindReply answerFind(VirtualNode v, Key key) {
    return answerFind(v, key, Set.of());
  }

  /**
   * One iterative step at {@code v} for a lookup that has found the contacts in {@code dead} unreachable:
   * they are left out, so the first successor not known dead decides whether the key lies just after
   * {@code v}, and the candidates come from the rest of the fingers and successor list.
   */
  FindReply answerFind(VirtualNode v, Key key, Set<Key> dead) {
    List<Contact> succs = v.successors.asList();
    if (!dead.isEmpty()) {
      succs = succs.stream().filter(c -> !dead.contains(c.id())).toList();
    }
    Contact succ = v.successor() == v.self ? v.self : (succs.isEmpty() ? null : succs.get(0));
    if (succ == v.self || (succ != null && key.inOpenClosed(v.id, succ.id()))) {
      return new FindReply(v.self, true, succ == v.self ? List.of(v.self) : succs);
    }
    List<Contact> next = v.fingers.closestPreceding(key, succs, CANDIDATES, dead);
    if (next.isEmpty()) {
      if (succs.isEmpty()) {
        // Everything this node knows after itself is dead: it is the best guess at the owner's predecessor.
        return new FindReply(v.self, true, List.of());
      }
      return new FindReply(v.self, true, succs);
    }
    return new FindReply(v.self, false, next);
  }

  // ---- routing ----

  /**
   * Finds the owner of {@code key} starting at the local virtual node {@code origin}. An iterative
   * lookup that runs out of live candidates (right after a crash, every node it asks still names the
   * dead node as its successor) is tried once more after one stabilize period, by which time the dead
   * node's predecessor has repaired its successor list; the result then counts that attempt's hops.
   */
  Future<Result> route(VirtualNode origin, Key key) {
    if (chord.config().lookup() == ChordConfig.LookupMode.RECURSIVE) {
      return recursive(origin, key, false);
    }
    return iterative(origin, key, answerFind(origin, key), null).recover(e -> {
      if (chord.isClosed()) {
        return Future.failedFuture(e);
      }
      chord.ctx().stats().increment("chord.lookup.retried");
      Promise<Result> p = Promise.promise();
      chord.ctx().timers().once(chord.config().stabilizeMillis(),
          () -> iterative(origin, key, answerFind(origin, key), null).onComplete(p));
      return p.future();
    });
  }

  /** Rounds of attempts through the bootstrap list before a join gives up (the node's join timeout may end it sooner). */
  static final int BOOTSTRAP_ROUNDS = 5;
  /** Pause between rounds, in milliseconds. */
  static final long BOOTSTRAP_RETRY_MILLIS = 1_000;

  /**
   * Finds the owner of {@code key} from a bootstrap address, for a joining node {@code origin}. Every
   * address is tried in turn; if none answers, the round is repeated after a pause (a peer that is
   * still starting, or a slow first TLS handshake, should not fail a join).
   */
  Future<Result> routeVia(VirtualNode origin, Key key, List<Address> bootstrap) {
    return bootstrapRound(origin, key, bootstrap, 1);
  }

  private Future<Result> bootstrapRound(VirtualNode origin, Key key, List<Address> bootstrap, int round) {
    return tryBootstrap(origin, key, bootstrap, 0, null).recover(e -> {
      if (round >= BOOTSTRAP_ROUNDS || chord.isClosed()) {
        return Future.failedFuture(e);
      }
      Promise<Result> p = Promise.promise();
      chord.ctx().timers().once(BOOTSTRAP_RETRY_MILLIS, () -> bootstrapRound(origin, key, bootstrap, round + 1).onComplete(p));
      return p.future();
    });
  }

  /** Finds the owner of {@code key} for the local virtual node {@code origin}, starting at another local one. */
  Future<Result> routeVia(VirtualNode origin, Key key, VirtualNode via) {
    return iterative(origin, key, answerFind(via, key), null);
  }

  private Future<Result> tryBootstrap(VirtualNode origin, Key key, List<Address> bootstrap, int i, Throwable last) {
    if (i >= bootstrap.size()) {
      return Future.failedFuture(new IllegalStateException("no bootstrap peer answered among " + bootstrap
          + (last == null ? "" : ": " + last.getMessage()), last));
    }
    return chord.request(bootstrap.get(i), new FindRequest(null, key)).transform(ar -> {
      if (ar.failed() || !(ar.result() instanceof FindReply r)) {
        return tryBootstrap(origin, key, bootstrap, i + 1, ar.failed() ? ar.cause() : new IllegalStateException("unexpected reply"));
      }
      return iterative(origin, key, r, r.responder());
    });
  }

  /**
   * The iterative loop. {@code first} is the answer of the first node (the origin itself, or a bootstrap
   * node, which then counts as one hop).
   */
  private Future<Result> iterative(VirtualNode origin, Key key, FindReply first, Contact firstRemote) {
    Promise<Result> p = Promise.promise();
    State s = new State(origin, key);
    if (firstRemote != null) {
      s.hops++;
      s.path.add(firstRemote);
      s.tried.add(firstRemote.id());
      s.toldDead.put(firstRemote.id(), 0);
    }
    s.absorb(first, p);
    if (!p.future().isComplete()) {
      s.next(p);
    }
    return p.future();
  }

  /** The mutable state of one iterative lookup. */
  private final class State {
    final VirtualNode origin;
    final Key key;
    final List<Contact> candidates = new ArrayList<>();
    final Set<Key> tried = new HashSet<>();
    final List<Contact> path = new ArrayList<>();
    /** Contacts that failed to answer, in the order found (at most MAX_QUERIES, as each costs a query). */
    final List<Key> dead = new ArrayList<>();
    /** For each node that answered, how many of {@link #dead} it had been told of (or could ignore) when it last answered. */
    final java.util.Map<Key, Integer> toldDead = new java.util.HashMap<>();
    int hops;
    int reconsideredAt = -1;

    State(VirtualNode origin, Key key) {
      this.origin = origin;
      this.key = key;
      tried.add(origin.id);
    }

    void absorb(FindReply r, Promise<Result> p) {
      if (r.done()) {
        List<Contact> owners = r.nodes().isEmpty() ? List.of(r.responder()) : r.nodes();
        p.tryComplete(new Result(owners, r.responder(), hops, List.copyOf(path), List.of()));
        return;
      }
      for (Contact c : r.nodes()) {
        if (tried.contains(c.id()) || !c.id().inOpen(origin.id, key)) {
          continue;
        }
        if (candidates.stream().noneMatch(x -> x.id().equals(c.id()))) {
          candidates.add(c);
        }
      }
      candidates.sort((a, b) -> a.id().clockwiseDistance(key).compareTo(b.id().clockwiseDistance(key)));
    }

    /**
     * The dead contacts worth telling {@code to}: those it could name, in (to, key), nearest the key first
     * (the ones its answer would otherwise be made of), at most {@link ChordMessages#MAX_DEAD}.
     */
    List<Key> deadFor(Contact to) {
      List<Key> out = new ArrayList<>();
      for (Key d : dead) {
        if (d.inOpen(to.id(), key)) {
          out.add(d);
        }
      }
      out.sort((a, b) -> a.clockwiseDistance(key).compareTo(b.clockwiseDistance(key)));
      return out.size() > ChordMessages.MAX_DEAD ? List.copyOf(out.subList(0, ChordMessages.MAX_DEAD)) : out;
    }

    /**
     * The node to ask again once every candidate failed: among the nodes that answered, the one nearest
     * the key for which a contact it could have named was found dead after it answered; null if none.
     */
    Contact reaskable() {
      Contact best = null;
      for (Contact c : path) {
        Integer told = toldDead.get(c.id());
        if (told == null || told >= dead.size() || !c.id().inOpen(origin.id, key)
            || (best != null && best.id().clockwiseDistance(key).compareTo(c.id().clockwiseDistance(key)) <= 0)) {
          continue;
        }
        for (int i = told; i < dead.size(); i++) {
          if (dead.get(i).inOpen(c.id(), key)) {
            best = c;
            break;
          }
        }
      }
      return best;
    }

    void next(Promise<Result> p) {
      if (candidates.isEmpty() && reconsideredAt < dead.size() && hops < MAX_QUERIES) {
        // Every candidate failed: the origin has forgotten them by now, so its own tables may name
        // the owner directly (the key lay just after a dead node) or offer nodes not tried yet.
        reconsideredAt = dead.size();
        absorb(answerFind(origin, key), p);
        if (p.future().isComplete()) {
          return;
        }
      }
      Contact c;
      if (!candidates.isEmpty()) {
        c = candidates.remove(0);
      } else {
        // Still nothing: ask again the node nearest the key that answered, now telling it which of the
        // contacts it named are dead, so it answers from further down its successor list and fingers.
        c = reaskable();
        if (c != null) {
          chord.ctx().stats().increment("chord.lookup.reasked");
        }
      }
      if (c == null || hops >= MAX_QUERIES) {
        chord.ctx().stats().increment("chord.lookup.exhausted");
        p.tryFail(new IllegalStateException("lookup of " + key + " from " + origin.self + " ran out of live candidates after "
            + hops + " queries (" + path.size() + " answered, " + dead.size() + " dead)"));
        return;
      }
      Contact asked = c;
      tried.add(asked.id());
      hops++;
      chord.ctx().stats().increment("chord.lookup.queries");
      int told = dead.size();
      chord.request(asked, new FindRequest(asked.id(), key, deadFor(asked))).onComplete(ar -> {
        if (ar.succeeded() && ar.result() instanceof FindReply r) {
          path.add(asked);
          toldDead.put(asked.id(), told);
          absorb(r, p);
        } else {
          dead.add(asked.id());
          chord.forget(asked, ar.cause());
        }
        if (!p.future().isComplete()) {
          next(p);
        }
      });
    }
  }

  // ---- recursive ----

  private Future<Result> recursive(VirtualNode origin, Key key, boolean fetch) {
    if (origin.predecessor != null && origin.predecessorAlive && origin.owns(key)) {
      List<Record> recs = fetch ? chord.ctx().store().get(key) : List.of();
      return Future.succeededFuture(new Result(ownersAt(origin), origin.self, 0, List.of(), recs));
    }
    int budget = (int) Math.min(Integer.MAX_VALUE, chord.ctx().requestTimeoutMillis());
    return forward(origin, key, fetch, budget, List.of(), nextHops(origin, key), 0).map(r ->
        new Result(r.owners(), r.path().isEmpty() ? origin.self : r.path().get(r.path().size() - 1), r.path().size(), r.path(), r.records()));
  }

  private static List<Contact> ownersAt(VirtualNode v) {
    List<Contact> out = new ArrayList<>();
    out.add(v.self);
    out.addAll(v.successors.asList());
    return out;
  }

  private List<Contact> nextHops(VirtualNode v, Key key) {
    Contact succ = v.successor();
    if (succ != v.self && key.inOpenClosed(v.id, succ.id())) {
      return v.successors.asList();
    }
    List<Contact> next = new ArrayList<>(v.fingers.closestPreceding(key, v.successors.asList(), CANDIDATES));
    if (next.isEmpty() && succ != v.self) {
      next.addAll(v.successors.asList());
    }
    return next;
  }

  /**
   * Forwards to the first live hop among {@code hops} within {@code budget} ms from now. Every try
   * gets only what is left of the budget, and passes on three quarters of that, so a hop always
   * answers (with a failure if it must) before the hop that asked it gives up on it: a hop that tried
   * several dead candidates in turn must not outlast its caller, or the caller would take it for dead.
   */
  private Future<RecursiveReply> forward(VirtualNode v, Key key, boolean fetch, int budget, List<Contact> path,
      List<Contact> hops, int i) {
    return forwardUntil(v, key, fetch, chord.ctx().clock().millis() + budget, path, hops, i);
  }

  private Future<RecursiveReply> forwardUntil(VirtualNode v, Key key, boolean fetch, long deadline, List<Contact> path,
      List<Contact> hops, int i) {
    long left = deadline - chord.ctx().clock().millis();
    if (i >= Math.min(hops.size(), CANDIDATES + 1) || path.size() >= MAX_QUERIES || left < 50) {
      return Future.failedFuture("recursive lookup of " + key + " found no live next hop at " + v.self + " after " + path.size() + " hops");
    }
    int budget = (int) Math.min(Integer.MAX_VALUE, left);
    Contact c = hops.get(i);
    int child = budget * 3 / 4;
    chord.ctx().stats().increment("chord.lookup.queries");
    return chord.request(c, new RecursiveRequest(c.id(), key, fetch, child, path), budget).transform(ar -> {
      if (ar.succeeded() && ar.result() instanceof RecursiveReply r) {
        return Future.succeededFuture(r);
      }
      if (!(ar.cause() instanceof RemoteException)) {
        // A remote failure means the hop is alive but found no way on (its own next hops failed, or its
        // budget ran out): forgetting it would drop a live successor. Only silence or refusal condemns it.
        chord.forget(c, ar.cause());
      }
      return forwardUntil(v, key, fetch, deadline, path, hops, i + 1);
    });
  }

  /** A recursive request arriving at {@code v}: answer if it owns the key, else forward. */
  Future<Message> onRecursive(VirtualNode v, RecursiveRequest r) {
    List<Contact> path = new ArrayList<>(r.path());
    path.add(v.self);
    if (v.owns(r.key())) {
      List<Record> recs = r.fetch() ? chord.ctx().store().get(r.key()) : List.of();
      return Future.succeededFuture(new RecursiveReply(path, ownersAt(v), recs));
    }
    return forward(v, r.key(), r.fetch(), r.budgetMillis(), path, nextHops(v, r.key()), 0).map(x -> x);
  }

  // ---- get ----

  /** Finds the records under {@code key}: the owner's, or a replica's if the owner cannot be reached. */
  Future<Result> get(Key key) {
    VirtualNode origin = chord.originFor(key);
    if (chord.config().lookup() == ChordConfig.LookupMode.RECURSIVE) {
      return recursive(origin, key, true).recover(e -> iterativeGet(origin, key));
    }
    return iterativeGet(origin, key);
  }

  private Future<Result> iterativeGet(VirtualNode origin, Key key) {
    return iterative(origin, key, answerFind(origin, key), null).compose(r -> fetch(key, r, 0, 0, r.hops(), new ArrayList<>(r.path())));
  }

  private Future<Result> fetch(Key key, Result route, int index, int redirects, int hops, List<Contact> path) {
    List<Contact> owners = route.owners();
    int limit = Math.min(owners.size(), chord.config().replicas());
    if (index >= limit) {
      return Future.failedFuture("no owner or replica of " + key + " answered: tried " + owners.subList(0, limit));
    }
    Contact owner = owners.get(index);
    if (chord.isLocal(owner)) {
      VirtualNode v = chord.vnode(owner.id());
      if (v != null) {
        FetchReply local = chord.replicator().onFetch(v, key);
        if (local.records().isEmpty() && local.redirect() != null && redirects < 3 && !chord.isLocal(local.redirect())) {
          return fetch(key, redirected(route, local.redirect()), 0, redirects + 1, hops, path);
        }
        return alsoReplicas(key, route, index, local, new Result(owners, route.answeredBy(), hops, path, local.records()));
      }
    }
    chord.ctx().stats().increment("chord.lookup.queries");
    return chord.request(owner, new FetchRequest(owner.id(), key)).transform(ar -> {
      if (ar.succeeded() && ar.result() instanceof FetchReply f) {
        List<Contact> p2 = new ArrayList<>(path);
        p2.add(owner);
        if (f.records().isEmpty() && f.redirect() != null && redirects < 3) {
          return fetch(key, redirected(route, f.redirect()), 0, redirects + 1, hops + 1, p2);
        }
        return alsoReplicas(key, route, index, f, new Result(owners, route.answeredBy(), hops + 1, p2, f.records()));
      }
      chord.forget(owner, ar.cause());
      return fetch(key, route, index + 1, redirects, hops + 1, path);
    });
  }

  /**
   * The node at {@code owners[index]} answered {@code reply}. If it found nothing, or is settling (its
   * neighbours changed recently), records put meanwhile may sit only on the next replicas (a put that fell
   * back past an unreachable owner, or that a stale table sent to the old owner): read those too, at once,
   * and return everything (readers keep the newest record per publisher). A settled owner that holds the
   * key is the whole answer, so a get in a steady ring costs no more.
   */
  private Future<Result> alsoReplicas(Key key, Result route, int index, FetchReply reply, Result found) {
    if (!reply.records().isEmpty() && !reply.settling()) {
      return Future.succeededFuture(found);
    }
    List<Contact> owners = route.owners();
    int limit = Math.min(owners.size(), index + chord.config().replicas());
    if (index + 1 >= limit) {
      return Future.succeededFuture(found);
    }
    chord.ctx().stats().increment(reply.records().isEmpty() ? "chord.get.empty_owner" : "chord.get.settling_owner");
    List<Future<List<Record>>> more = new ArrayList<>();
    for (int i = index + 1; i < limit; i++) {
      Contact c = owners.get(i);
      if (chord.isLocal(c)) {
        VirtualNode v = chord.vnode(c.id());
        more.add(Future.succeededFuture(v == null ? List.of() : chord.ctx().store().get(key)));
        continue;
      }
      chord.ctx().stats().increment("chord.lookup.queries");
      more.add(chord.request(c, new FetchRequest(c.id(), key)).transform(ar ->
          Future.succeededFuture(ar.succeeded() && ar.result() instanceof FetchReply f ? f.records() : List.<Record>of())));
    }
    return Future.join(more).transform(ar -> {
      List<Record> all = new ArrayList<>(found.records());
      for (Future<List<Record>> f : more) {
        if (f.succeeded()) {
          all.addAll(f.result());
        }
      }
      return Future.succeededFuture(new Result(found.owners(), found.answeredBy(), found.hops(), found.path(), all));
    });
  }

  private static Result redirected(Result r, Contact to) {
    List<Contact> owners = new ArrayList<>();
    owners.add(to);
    owners.addAll(r.owners());
    return new Result(owners, r.answeredBy(), r.hops(), r.path(), List.of());
  }
}
