package io.hopscotch.search.supernode;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.search.flooding.FloodingMessages.HitItem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastTrack-style supernodes, routing name {@code supernode}. Nodes with a high
 * {@link ParticipationScore} become supernodes ({@link Election}); an ordinary node attaches to one
 * supernode and uploads the list of what it shares; supernodes keep those {@link Listings}, link to
 * each other and answer queries from their listings, forwarding queries only among supernodes
 * ({@link SupernodeOverlay}). Ordinary nodes never carry query traffic: they hand their searches to
 * their supernode. When a supernode dies its nodes attach elsewhere and upload again; if none is
 * left, an eligible node promotes itself.
 *
 * <p>Items stay at the node that shares them. A {@code get} is a key search through the supernode
 * overlay followed by a fetch of every holder's records (relayed by the holder's supernode when the
 * holder is firewalled). Hops of a {@code get}: the node's own supernode (if it is ordinary), plus the
 * supernode hops to the supernode that listed the nearest holder, plus the holder.
 *
 * <p>A supernode that steps down loses no query. It tells each of its ordinary nodes which supernode
 * to move to ({@code supernode.move}) and then, as an ordinary node, finishes the queries it was
 * running, passes back the hits of queries it forwarded, and answers from its old listings the
 * floods its linked supernodes still send it, for a window of {@code get-timeout-ms} after which it
 * says goodbye to its links ({@link SupernodeOverlay#retire}); it starts and forwards no new query. A search request
 * from one of its old nodes that reaches it after it stepped down is answered with that node's
 * {@code supernode.move} instead of results. An ordinary node whose search is answered so, or fails
 * after it was moved off or lost the supernode it asked, retries it once through the supernode it
 * attaches to next, within the time the search had left. A search made while the node is attaching
 * waits for the attach, within that time too. A query that starts after the step-down still finds
 * the items of a node that has not re-attached yet, through the old supernode's listings, as long as
 * the flood reaches the old supernode within the window.
 */
public final class SupernodeRouting implements RoutingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(SupernodeRouting.class);
  /** Most supernodes an ordinary node remembers to fall back on. */
  static final int MAX_KNOWN = 64;
  /** Most stepped-down overlays kept finishing their queries at once; an older one is closed, failing what it ran. */
  static final int MAX_RETIRING = 4;

  private final SupernodeOptions options;
  private final Election election;
  private StrategyContext ctx;
  private SupernodeOverlay overlay;
  /** Overlays of past supernode terms still finishing their queries, oldest first (at most {@link #MAX_RETIRING}). */
  private final List<SupernodeOverlay> retiring = new ArrayList<>();
  /** The attach under way, while {@code attaching}. */
  private Future<Void> attachment = Future.succeededFuture();
  private Peer attachedTo;
  private boolean attaching;
  private final LinkedHashMap<Key, Peer> known = new LinkedHashMap<>();
  /** Other nodes met (ordinary or not), asked for supernodes when a supernode finds itself without links. */
  private final LinkedHashMap<Key, Peer> contacts = new LinkedHashMap<>();
  private List<Address> bootstrap = List.of();
  private long joinedAtMillis;
  /** Queries handled per second as a supernode, smoothed over maintenance rounds. */
  private double queryRate;
  private long queriesThisRound;
  private long roundStartMillis;
  private Timers.Timer maintenance;
  private boolean promoting;
  private boolean closed;
  /** Listing changes made while not attached (or while an attach was under way), sent once attached. */
  private final Map<Key, HitItem> pendingAdds = new LinkedHashMap<>();
  private final Set<Key> pendingRemovals = new java.util.LinkedHashSet<>();

  /** A strategy with parsed options; {@link #init} gives it its context. */
  public SupernodeRouting(SupernodeOptions options) {
    this.options = options;
    this.election = new Election(options);
  }

  @Override
  public String name() {
    return SupernodeProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return SupernodeMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
  }

  /** True while this node is a supernode. */
  public boolean isSupernode() {
    return overlay != null;
  }

  /** The supernode this ordinary node is attached to, or null (always null on a supernode). */
  public Peer attachedTo() {
    return attachedTo;
  }

  /** The nodes attached to this supernode (empty on an ordinary node). */
  public List<Peer> attachedNodes() {
    return overlay == null ? List.of() : overlay.listings().attached().stream().map(Listings.Attached::peer).toList();
  }

  /** The supernodes this supernode is linked to (empty on an ordinary node). */
  public List<Peer> supernodeLinks() {
    return overlay == null ? List.of() : overlay.links().peers();
  }

  /** This node's participation score now, in thousandths: falls while it is a supernode handling many queries. */
  public int score() {
    ParticipationScore s = new ParticipationScore(ctx.clock().millis() - joinedAtMillis, options.bandwidth(), options.capacity(),
        !ctx.firewalled(), load());
    return s.permille(options.fullUptimeMillis(), options.ratio());
  }

  /** Measured query load: queries handled per second (smoothed over maintenance rounds) over {@code max-query-rate}. */
  double load() {
    return overlay == null ? 0 : queryRate / options.maxQueryRate();
  }

  /** Counts a query this supernode handled (started for itself or a child, or first received from a supernode). */
  void countQuery() {
    queriesThisRound++;
  }

  /** Folds the queries of the round just ended into the smoothed rate (half old, half new). */
  private void measureLoad() {
    long now = ctx.clock().millis();
    long elapsed = now - roundStartMillis;
    if (elapsed > 0) {
      queryRate = 0.5 * queryRate + 0.5 * (queriesThisRound * 1000.0 / elapsed);
    }
    queriesThisRound = 0;
    roundStartMillis = now;
  }

  private void resetLoad() {
    queryRate = 0;
    queriesThisRound = 0;
    roundStartMillis = ctx.clock().millis();
  }

  /**
   * Sends query traffic for {@code from}: the current overlay, or a retiring one finishing what it
   * started.
   *
   * @throws IllegalStateException if {@code from} is neither (an ordinary node never carries query traffic)
   */
  void sendQueryTraffic(SupernodeOverlay from, Peer to, Message m) {
    if (from != overlay && !retiring.contains(from)) {
      throw new IllegalStateException("an ordinary node never carries query traffic");
    }
    ctx.transport().send(to, m);
  }

  private void remember(Peer sn) {
    if (sn.id().equals(ctx.self().id())) {
      return;
    }
    known.remove(sn.id());
    known.put(sn.id(), sn);
    while (known.size() > MAX_KNOWN) {
      Iterator<Key> it = known.keySet().iterator();
      it.next();
      it.remove();
    }
    if (overlay != null) {
      overlay.learn(sn);
    }
  }

  private void meet(Peer p) {
    if (p.id().equals(ctx.self().id())) {
      return;
    }
    contacts.remove(p.id());
    contacts.put(p.id(), p);
    while (contacts.size() > MAX_KNOWN / 4) {
      Iterator<Key> it = contacts.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * Asks the nodes met and the bootstrap peers which supernodes they know: a supernode without links
   * does so to join up islands, an ordinary node whose known supernodes all died before it gives up.
   */
  private Future<Void> seekSupernodes() {
    List<Future<Message>> asks = new ArrayList<>();
    for (Peer p : new ArrayList<>(contacts.values())) {
      asks.add(ctx.transport().request(p, new SupernodeMessages.HelloRequest()));
    }
    for (Address a : bootstrap) {
      asks.add(ctx.transport().request(a, new SupernodeMessages.HelloRequest(), ctx.requestTimeoutMillis()));
    }
    List<Future<Void>> done = new ArrayList<>();
    for (Future<Message> f : asks) {
      done.add(f.<Void>map(m -> {
        if (m instanceof SupernodeMessages.HelloResponse r) {
          r.supernodes().forEach(this::remember);
          if (r.supernode()) {
            remember(r.responder());
          }
          if (overlay != null) {
            overlay.topUp();
          }
        }
        return null;
      }).recover(e -> Future.succeededFuture()));
    }
    return Future.join(done).mapEmpty();
  }

  private List<Peer> knownSupernodes() {
    if (overlay != null) {
      return overlay.known(null);
    }
    List<Peer> out = new ArrayList<>(known.values());
    java.util.Collections.reverse(out);
    return out.size() > SupernodeMessages.MAX_PEERS / 2 ? out.subList(0, SupernodeMessages.MAX_PEERS / 2) : out;
  }

  // ---- membership ----

  @Override
  public Future<Void> join(List<Address> boot) {
    this.bootstrap = List.copyOf(boot);
    joinedAtMillis = ctx.clock().millis();
    if (maintenance == null) {
      long period = options.maintainMillis();
      maintenance = ctx.timers().periodic(period, period / 10, this::maintain);
    }
    if (boot.isEmpty()) {
      becomeSupernode(List.of());
      return Future.succeededFuture();
    }
    return hello(0).compose(v -> {
      if (options.role().equals("super")) {
        becomeSupernode(new ArrayList<>(known.values()));
        return Future.succeededFuture();
      }
      return attachAny(new ArrayList<>(known.values())).recover(e -> {
        if (election.mayFillGap(ctx.firewalled())) {
          LOG.debug("{} found no supernode to attach to ({}); becoming one", ctx.self(), e.getMessage());
          becomeSupernode(new ArrayList<>(known.values()));
          return Future.succeededFuture();
        }
        return Future.failedFuture(e);
      });
    });
  }

  /** Asks the bootstrap peers in turn, each up to four times (a first TLS handshake to a busy node can be slow). */
  private Future<Void> hello(int attempt) {
    if (attempt >= 4 * bootstrap.size()) {
      return Future.failedFuture(new HopscotchException("no bootstrap peer among " + bootstrap + " answered"));
    }
    int i = attempt % bootstrap.size();
    return ctx.transport().request(bootstrap.get(i), new SupernodeMessages.HelloRequest(), ctx.requestTimeoutMillis())
        .compose(m -> {
          if (m instanceof SupernodeMessages.HelloResponse r) {
            r.supernodes().forEach(this::remember);
            meet(r.responder());
            if (r.supernode()) {
              remember(r.responder());
            }
            return Future.<Void>succeededFuture();
          }
          return Future.<Void>failedFuture(new HopscotchException(bootstrap.get(i) + " answered " + m.type()));
        }).recover(e -> hello(attempt + 1));
  }

  /** Attaches to the first of {@code candidates} (most recently learnt first) that accepts, and uploads the listing. */
  private Future<Void> attachAny(List<Peer> candidates) {
    List<Peer> order = new ArrayList<>(candidates);
    java.util.Collections.reverse(order);
    Promise<Void> done = Promise.promise();
    attaching = true;
    attachment = done.future();
    tryAttach(order, 0, done, null);
    return done.future().onComplete(ar -> attaching = false);
  }

  private void tryAttach(List<Peer> order, int i, Promise<Void> done, Throwable last) {
    if (closed || overlay != null) {
      done.tryFail(new HopscotchException("no longer an ordinary node"));
      return;
    }
    if (i >= order.size()) {
      done.tryFail(new HopscotchException("no supernode accepted this node (tried " + order.size() + ")"
          + (last == null ? "" : ": " + last.getMessage()), last));
      return;
    }
    Peer sn = order.get(i);
    List<HitItem> items = listing();
    List<HitItem> first = items.subList(0, Math.min(items.size(), SupernodeMessages.MAX_ITEMS));
    ctx.transport().request(sn, new SupernodeMessages.AttachRequest(score(), ctx.firewalled(), first)).onComplete(ar -> {
      if (ar.succeeded() && ar.result() instanceof SupernodeMessages.AttachResponse r) {
        r.supernodes().forEach(this::remember);
        if (r.accepted() && overlay == null && !closed) {
          attachedTo = r.supernode();
          remember(r.supernode());
          ctx.stats().increment("supernode.attached");
          uploadRest(items);
          flushPending();
          done.tryComplete();
          return;
        }
        tryAttach(order, i + 1, done, new HopscotchException(sn + " refused"));
      } else {
        known.remove(sn.id());
        tryAttach(order, i + 1, done, ar.failed() ? ar.cause() : new HopscotchException(sn + " answered " + ar.result().type()));
      }
    });
  }

  private void flushPending() {
    if (pendingAdds.isEmpty() && pendingRemovals.isEmpty()) {
      return;
    }
    List<HitItem> adds = new ArrayList<>(pendingAdds.values());
    List<Key> removed = new ArrayList<>(pendingRemovals);
    pendingAdds.clear();
    pendingRemovals.clear();
    for (int i = 0; i < Math.max(adds.size(), removed.size()); i += SupernodeMessages.MAX_ITEMS) {
      sendListing(new ArrayList<>(adds.subList(Math.min(i, adds.size()), Math.min(adds.size(), i + SupernodeMessages.MAX_ITEMS))),
          new ArrayList<>(removed.subList(Math.min(i, removed.size()), Math.min(removed.size(), i + SupernodeMessages.MAX_ITEMS))));
    }
  }

  private void uploadRest(List<HitItem> items) {
    for (int from = SupernodeMessages.MAX_ITEMS; from < items.size(); from += SupernodeMessages.MAX_ITEMS) {
      List<HitItem> part = items.subList(from, Math.min(items.size(), from + SupernodeMessages.MAX_ITEMS));
      sendListing(new ArrayList<>(part), List.of());
    }
  }

  /** What this node shares: its live, non-removed records, one item per key. */
  private List<HitItem> listing() {
    Map<Key, HitItem> items = new LinkedHashMap<>();
    for (Record r : ctx.store().all()) {
      if (!r.isTombstone() && r.expiresAtMillis() > ctx.clock().millis()) {
        items.putIfAbsent(r.key(), new HitItem(r.key(), r.keywords(), r.valueLength()));
      }
    }
    return new ArrayList<>(items.values());
  }

  private Future<Void> sendListing(List<HitItem> added, List<Key> removed) {
    Peer sn = attachedTo;
    if (sn == null) {
      return Future.succeededFuture();
    }
    return ctx.transport().request(sn, new SupernodeMessages.ListingRequest(added, removed)).compose(m -> {
      if (m instanceof SupernodeMessages.ListingResponse r && !r.attached() && sn.equals(attachedTo)) {
        lostSupernode("it no longer lists this node");
      }
      return Future.<Void>succeededFuture();
    }, e -> {
      LOG.debug("listing update to {} failed: {}", sn, e.getMessage());
      return Future.succeededFuture();
    });
  }

  private void becomeSupernode(List<Peer> seeds) {
    if (overlay != null || closed) {
      return;
    }
    Peer old = attachedTo;
    attachedTo = null;
    if (old != null) {
      ctx.transport().send(old, new SupernodeMessages.Bye());
    }
    overlay = new SupernodeOverlay(this, ctx, options);
    resetLoad();
    seeds.forEach(overlay::learn);
    known.values().forEach(overlay::learn);
    ctx.stats().increment("supernode.promotions");
    overlay.topUp();
  }

  private void stepDown() {
    List<Peer> others = overlay.links().peers();
    if (others.isEmpty()) {
      return;
    }
    ctx.stats().increment("supernode.demotions");
    List<Listings.Attached> children = overlay.listings().attached();
    Map<Key, Peer> moves = new HashMap<>();
    for (int i = 0; i < children.size(); i++) {
      Peer to = others.get(i % others.size());
      moves.put(children.get(i).peer().id(), to);
      ctx.transport().send(children.get(i).peer(), new SupernodeMessages.Move(to));
    }
    List<Peer> fallback = overlay.known(null);
    // no goodbye yet: until the retiring window ends, floods still reach this node over its links and it
    // answers them from the listings it held, while its old nodes re-attach and upload elsewhere
    SupernodeOverlay old = overlay;
    overlay = null;
    if (retiring.size() >= MAX_RETIRING) {
      retiring.remove(0).close("this node stepped down as a supernode " + (MAX_RETIRING + 1) + " times while a query ran");
    }
    retiring.add(old);
    old.retire(moves, this::linkedNow, () -> retiring.remove(old));
    fallback.forEach(this::remember);
    List<Peer> order = new ArrayList<>(fallback);
    java.util.Collections.reverse(order);
    attachAny(order).onFailure(e -> LOG.debug("{} stepped down but could not attach: {}", ctx.self(), e.getMessage()));
  }

  private void lostSupernode(String why) {
    Peer gone = attachedTo;
    attachedTo = null;
    if (gone != null) {
      known.remove(gone.id());
      ctx.stats().increment("supernode.reattach");
      LOG.debug("{} lost supernode {}: {}", ctx.self(), gone, why);
    }
    reattach();
  }

  private void reattach() {
    if (attaching || closed || overlay != null) {
      return;
    }
    attachAny(new ArrayList<>(known.values())).recover(e -> seekSupernodes().compose(v -> attachAny(new ArrayList<>(known.values()))))
        .onFailure(e -> {
          if (overlay == null && attachedTo == null && election.mayFillGap(ctx.firewalled())) {
            // no live supernode answers: promotion fills the gap
            becomeSupernode(new ArrayList<>(known.values()));
          }
        });
  }

  private void maintain() {
    if (closed) {
      return;
    }
    if (overlay == null) {
      if (attachedTo == null) {
        reattach();
        return;
      }
      Peer sn = attachedTo;
      ctx.transport().request(sn, new SupernodeMessages.KeepAliveRequest(score())).onComplete(ar -> {
        if (!sn.equals(attachedTo)) {
          return;
        }
        if (ar.succeeded() && ar.result() instanceof SupernodeMessages.KeepAliveResponse r) {
          r.supernodes().forEach(this::remember);
          r.contacts().forEach(this::meet);
          if (!r.attached()) {
            lostSupernode("it no longer lists this node");
          }
        } else {
          lostSupernode(ar.failed() ? ar.cause().getMessage() : "unexpected answer");
        }
      });
      return;
    }
    overlay.maintain();
    if (overlay.links().size() == 0) {
      seekSupernodes();
    }
    measureLoad();
    Election.Decision d = election.decide(ctx.self().id(), overlay.listings().size(), score(),
        ctx.clock().millis() - overlay.since(), overlay.links().peers());
    if (d == Election.Decision.PROMOTE) {
      promoteOne();
    } else if (d == Election.Decision.STEP_DOWN) {
      stepDown();
    }
  }

  private void promoteOne() {
    if (promoting) {
      return;
    }
    Listings.Attached best = overlay.listings().bestCandidate(election.thresholdPermille());
    if (best == null) {
      // nothing passes the promotion threshold (say, every node is young): the best that would not step down at once
      best = overlay.listings().bestCandidate(election.demoteThresholdPermille());
    }
    if (best == null) {
      ctx.stats().increment("supernode.no_candidate");
      return;
    }
    promoting = true;
    List<Peer> seeds = new ArrayList<>(overlay.known(best.peer().id()));
    seeds.add(0, ctx.self());
    if (seeds.size() > SupernodeMessages.MAX_PEERS) {
      seeds = seeds.subList(0, SupernodeMessages.MAX_PEERS);
    }
    Peer candidate = best.peer();
    ctx.transport().request(candidate, new SupernodeMessages.PromoteRequest(seeds)).onComplete(ar -> {
      promoting = false;
      if (overlay == null || !(ar.succeeded() && ar.result() instanceof SupernodeMessages.PromoteResponse r && r.accepted())) {
        return;
      }
      overlay.listings().detach(candidate.id());
      overlay.learn(candidate);
      List<Listings.Attached> children = overlay.listings().attached();
      for (int i = 0; i < children.size() / 2; i++) {
        Listings.Attached a = children.get(children.size() - 1 - i);
        overlay.listings().detach(a.peer().id());
        ctx.transport().send(a.peer(), new SupernodeMessages.Move(candidate));
      }
    });
  }

  // ---- data ----

  @Override
  public Future<Void> put(Record record) {
    try {
      ctx.store().put(record);
    } catch (InvalidRecordException e) {
      return Future.failedFuture(e);
    }
    if (overlay != null) {
      return Future.succeededFuture();
    }
    if (attachedTo == null || attaching) {
      // uploaded once attached: an attach under way may have sent its listing before this change
      if (record.isTombstone()) {
        pendingAdds.remove(record.key());
        pendingRemovals.add(record.key());
      } else {
        pendingRemovals.remove(record.key());
        pendingAdds.put(record.key(), new HitItem(record.key(), record.keywords(), record.valueLength()));
      }
      if (attachedTo == null) {
        return Future.succeededFuture();
      }
    }
    return record.isTombstone()
        ? sendListing(List.of(), List.of(record.key()))
        : sendListing(List.of(new HitItem(record.key(), record.keywords(), record.valueLength())), List.of());
  }

  private Future<List<SupernodeMessages.Result>> query(Key key, List<String> words, int limit, long waitMillis) {
    if (overlay != null) {
      return overlay.search(key, words, limit, waitMillis);
    }
    long until = ctx.clock().millis() + Math.max(0, waitMillis);
    return supernodeWithin(until).compose(sn -> ask(sn, key, words, limit, until).recover(e -> {
      // the supernode stepped down (it answered with a move) or this node left it meanwhile: once more through the next one
      boolean moved = e instanceof MovedException || !sn.equals(attachedTo);
      if (!moved || overlay != null || ctx.clock().millis() >= until) {
        return Future.failedFuture(e);
      }
      ctx.stats().increment("supernode.search_retries");
      return supernodeWithin(until).compose(next -> next.equals(sn)
          ? Future.failedFuture(new HopscotchException("supernode " + sn + " stepped down while this node searched, and it found no other: "
              + e.getMessage(), e))
          : ask(next, key, words, limit, until));
    }));
  }

  /** A search answered by a supernode that stepped down and moved this node elsewhere. */
  private static final class MovedException extends HopscotchException {
    MovedException(Peer from, Peer to) {
      super("supernode " + from + " stepped down and moved this node to " + to);
    }
  }

  /** Asks supernode {@code sn} to search, collecting until {@code until} (node clock). */
  private Future<List<SupernodeMessages.Result>> ask(Peer sn, Key key, List<String> words, int limit, long until) {
    int wait = (int) Math.min(Integer.MAX_VALUE, Math.max(0, until - ctx.clock().millis()));
    return ctx.transport().request(sn, new SupernodeMessages.SearchRequest(key, words, limit, wait), wait + ctx.requestTimeoutMillis())
        .compose(m -> {
          if (m instanceof SupernodeMessages.SearchResponse r) {
            return Future.succeededFuture(r.results());
          }
          if (m instanceof SupernodeMessages.Move mv) {
            followMove(sn, mv.supernode());
            return Future.failedFuture(new MovedException(sn, mv.supernode()));
          }
          return Future.failedFuture(new HopscotchException("supernode " + sn + " answered " + m.type()));
        });
  }

  /**
   * The supernode this ordinary node is attached to; if an attach is under way, the one it attaches
   * to, waiting for it at most until {@code until} (node clock).
   */
  private Future<Peer> supernodeWithin(long until) {
    if (attachedTo != null) {
      return Future.succeededFuture(attachedTo);
    }
    long left = until - ctx.clock().millis();
    if (!attaching || left <= 0) {
      return Future.failedFuture(new HopscotchException("this node is not attached to any supernode yet; try again after it re-attaches"));
    }
    Promise<Peer> p = Promise.promise();
    Timers.Timer t = ctx.timers().once(left, () -> p.tryFail(new HopscotchException(
        "this node was still attaching to a supernode when the search's time ran out; try again after it re-attaches")));
    attachment.onComplete(ar -> {
      t.cancel();
      if (attachedTo != null) {
        p.tryComplete(attachedTo);
      } else {
        p.tryFail(new HopscotchException("this node could not attach to a supernode"
            + (ar.failed() ? ": " + ar.cause().getMessage() : "") + "; try again after it re-attaches"));
      }
    });
    return p.future();
  }

  @Override
  public Future<Lookup> get(Key key) {
    int viaOwn = overlay == null ? 1 : 0;
    return query(key, List.of(), options.getLimit(), options.getTimeoutMillis()).compose(results -> {
      List<Record> records = new ArrayList<>();
      List<SupernodeMessages.Result> remote = new ArrayList<>();
      List<Future<List<Record>>> asks = new ArrayList<>();
      Set<Key> holders = new HashSet<>();
      boolean local = false;
      for (SupernodeMessages.Result r : results) {
        if (!r.item().key().equals(key) || !holders.add(r.holder().id())) {
          continue;
        }
        if (r.holder().id().equals(ctx.self().id())) {
          records.addAll(ctx.store().get(key));
          local = true;
        } else {
          remote.add(r);
          asks.add(fetch(r, key));
        }
      }
      boolean anyLocal = local;
      return Future.join(asks).transform(x -> {
        List<Peer> path = new ArrayList<>();
        int hops = anyLocal ? 0 : Integer.MAX_VALUE;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < asks.size(); i++) {
          SupernodeMessages.Result r = remote.get(i);
          if (asks.get(i).succeeded()) {
            records.addAll(asks.get(i).result());
            path.add(r.holder());
            hops = Math.min(hops, viaOwn + r.hops() + 1);
          } else {
            failures.add(r.holder() + ": " + asks.get(i).cause().getMessage());
          }
        }
        if (!remote.isEmpty() && path.isEmpty() && !anyLocal) {
          return Future.failedFuture(new HopscotchException("found " + key + " at " + remote.size() + " holder(s) but none delivered: "
              + String.join("; ", failures)));
        }
        return Future.succeededFuture(new Lookup(records, hops == Integer.MAX_VALUE ? 0 : hops, path));
      });
    });
  }

  private Future<List<Record>> fetch(SupernodeMessages.Result r, Key key) {
    Future<List<Record>> direct = asRecords(ctx.transport().request(r.holder(), new SupernodeMessages.FetchRequest(key)), key);
    if (!r.firewalled()) {
      return direct;
    }
    // a firewalled holder is reached through its supernode, over the connection the holder opened
    return direct.recover(e -> asRecords(ctx.transport().request(r.via(), new SupernodeMessages.RelayFetchRequest(key, r.holder())), key));
  }

  private static Future<List<Record>> asRecords(Future<Message> f, Key key) {
    return f.compose(m -> m instanceof SupernodeMessages.FetchResponse fr
        ? Future.succeededFuture(fr.records().stream().filter(rec -> rec.key().equals(key)).toList())
        : Future.failedFuture(new HopscotchException("answered " + m.type())));
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    long wait = Math.max(0, deadlineMillis - ctx.clock().millis());
    // leave room for the answer to travel back before the caller's deadline
    long collect = Math.min(options.getTimeoutMillis(), wait * 3 / 4);
    int viaOwn = overlay == null ? 1 : 0;
    return query(null, keywords, limit, collect).map(results -> {
      Map<Key, List<SupernodeMessages.Result>> byKey = new LinkedHashMap<>();
      for (SupernodeMessages.Result r : results) {
        byKey.computeIfAbsent(r.item().key(), k -> new ArrayList<>()).add(r);
      }
      List<SearchHit> hits = new ArrayList<>();
      byKey.forEach((k, rs) -> {
        if (hits.size() < limit) {
          HitItem i = rs.get(0).item();
          int hops = rs.stream().mapToInt(SupernodeMessages.Result::hops).min().orElse(0) + viaOwn;
          hits.add(new SearchHit(k, i.keywords(), rs.stream().map(SupernodeMessages.Result::holder).distinct().toList(), i.size(), hops));
        }
      });
      return hits;
    });
  }

  // ---- inbound ----

  /** Moves this ordinary node from supernode {@code from} to {@code to}, if {@code from} is still its supernode. */
  private void followMove(Peer from, Peer to) {
    if (overlay == null && attachedTo != null && attachedTo.id().equals(from.id())) {
      remember(to);
      attachedTo = null;
      ctx.stats().increment("supernode.moved");
      List<Peer> order = new ArrayList<>(known.values());
      order.remove(to);
      order.add(to);
      attachAny(order).onFailure(e -> reattach());
    }
  }

  /** Ids of the supernodes the current overlay links to; empty while this node is ordinary. */
  private Set<Key> linkedNow() {
    Set<Key> ids = new HashSet<>();
    if (overlay != null) {
      overlay.links().peers().forEach(p -> ids.add(p.id()));
    }
    return ids;
  }

  /** Where a retiring overlay moved {@code child}, or null. */
  private Peer movedTo(Key child) {
    for (int i = retiring.size() - 1; i >= 0; i--) {
      Peer to = retiring.get(i).movedTo(child);
      if (to != null) {
        return to;
      }
    }
    return null;
  }

  @Override
  public void onMessage(Peer from, Message message) {
    if (message instanceof SupernodeMessages.Bye) {
      if (overlay != null) {
        overlay.onBye(from);
      } else if (attachedTo != null && attachedTo.id().equals(from.id())) {
        lostSupernode("it left");
      }
      known.remove(from.id());
      return;
    }
    if (message instanceof SupernodeMessages.Move m) {
      followMove(from, m.supernode());
      return;
    }
    if (message instanceof SupernodeMessages.QueryHit h) {
      for (SupernodeOverlay r : retiring) {
        if (r.routes(h.descriptor().id())) {
          // the answer to a query this node ran or forwarded before it stepped down
          r.onQueryHit(from, h);
          return;
        }
      }
    }
    if (message instanceof SupernodeMessages.Query q && overlay == null && !retiring.isEmpty()) {
      SupernodeOverlay r = retiring.stream().filter(o -> o.links().contains(from.id())).findFirst().orElse(retiring.get(retiring.size() - 1));
      r.onQueryWhileRetiring(from, q);
      return;
    }
    if (overlay == null) {
      // ordinary nodes never carry query traffic
      ctx.stats().increment("supernode.dropped.not_supernode");
      return;
    }
    if (message instanceof SupernodeMessages.SupernodePing p) {
      overlay.onPing(from, p);
    } else if (message instanceof SupernodeMessages.Unlink) {
      overlay.onUnlink(from);
    } else if (message instanceof SupernodeMessages.Query q) {
      overlay.onQuery(from, q);
    } else if (message instanceof SupernodeMessages.QueryHit h) {
      overlay.onQueryHit(from, h);
    } else {
      LOG.debug("ignoring one-way {} from {}", message.type(), from);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    long now = ctx.clock().nanos();
    if (request instanceof SupernodeMessages.HelloRequest) {
      meet(from);
      return Future.succeededFuture(new SupernodeMessages.HelloResponse(ctx.self(), overlay != null, knownSupernodes()));
    }
    if (request instanceof SupernodeMessages.FetchRequest f) {
      return Future.succeededFuture(new SupernodeMessages.FetchResponse(held(f.key())));
    }
    if (request instanceof SupernodeMessages.PromoteRequest p) {
      boolean ok = overlay == null && !closed && election.acceptsPromotion(score(), ctx.firewalled());
      if (ok) {
        p.supernodes().forEach(this::remember);
        becomeSupernode(p.supernodes());
      }
      return Future.succeededFuture(new SupernodeMessages.PromoteResponse(ok));
    }
    if (request instanceof SupernodeMessages.SearchRequest && (overlay == null || !overlay.listings().isAttached(from.id()))) {
      Peer to = movedTo(from.id());
      if (to != null) {
        // this node stepped down since the requester attached: tell it again where it belongs, so it retries there
        ctx.stats().increment("supernode.handover.searches_moved");
        return Future.succeededFuture(new SupernodeMessages.Move(to));
      }
    }
    if (request instanceof SupernodeMessages.RelayFetchRequest rf && overlay == null
        && retiring.stream().anyMatch(r -> r.listings().isAttached(rf.holder().id()))) {
      // a hit this node gave from its old listings names it as the way to a firewalled holder
      return ctx.transport().request(rf.holder(), new SupernodeMessages.FetchRequest(rf.key()));
    }
    if (overlay == null) {
      if (request instanceof SupernodeMessages.AttachRequest) {
        return Future.succeededFuture(new SupernodeMessages.AttachResponse(false, ctx.self(), knownSupernodes()));
      }
      if (request instanceof SupernodeMessages.KeepAliveRequest) {
        return Future.succeededFuture(new SupernodeMessages.KeepAliveResponse(false, knownSupernodes(), List.of()));
      }
      if (request instanceof SupernodeMessages.ListingRequest) {
        return Future.succeededFuture(new SupernodeMessages.ListingResponse(false, 0));
      }
      if (request instanceof SupernodeMessages.LinkRequest) {
        return Future.succeededFuture(new SupernodeMessages.LinkResponse(false, ctx.self(), knownSupernodes()));
      }
      return Future.failedFuture(new HopscotchException("node " + ctx.self() + " is not a supernode (request " + request.type() + ")"));
    }
    Listings listings = overlay.listings();
    if (request instanceof SupernodeMessages.AttachRequest a) {
      boolean ok = !closed && listings.attach(from, a.firewalled(), a.score(), a.items(), now);
      return Future.succeededFuture(new SupernodeMessages.AttachResponse(ok, ctx.self(), overlay.known(from.id())));
    }
    if (request instanceof SupernodeMessages.ListingRequest l) {
      int held = listings.update(from.id(), l.added(), l.removed(), now);
      return Future.succeededFuture(new SupernodeMessages.ListingResponse(held >= 0, Math.max(0, held)));
    }
    if (request instanceof SupernodeMessages.KeepAliveRequest k) {
      boolean ok = listings.touch(from.id(), k.score(), now);
      return Future.succeededFuture(new SupernodeMessages.KeepAliveResponse(ok, overlay.known(from.id()), contactsFor(from.id())));
    }
    if (request instanceof SupernodeMessages.SearchRequest s) {
      if (!listings.isAttached(from.id())) {
        return Future.failedFuture(new HopscotchException("node " + from + " is not attached to supernode " + ctx.self()));
      }
      return overlay.search(s.key(), s.words(), s.limit(), s.waitMillis()).map(SupernodeMessages.SearchResponse::new);
    }
    if (request instanceof SupernodeMessages.LinkRequest) {
      return Future.succeededFuture(overlay.onLink(from));
    }
    if (request instanceof SupernodeMessages.RelayFetchRequest rf) {
      if (!listings.isAttached(rf.holder().id())) {
        return Future.failedFuture(new HopscotchException("holder " + rf.holder() + " is not attached to supernode " + ctx.self()));
      }
      return ctx.transport().request(rf.holder(), new SupernodeMessages.FetchRequest(rf.key()));
    }
    return Future.failedFuture(new HopscotchException("supernode strategy does not answer " + request.type()));
  }

  /** A few reachable nodes attached here, other than {@code exclude}, picked at random. */
  private List<Peer> contactsFor(Key exclude) {
    List<Peer> out = new ArrayList<>();
    for (Listings.Attached a : overlay.listings().attached()) {
      if (!a.firewalled() && !a.peer().id().equals(exclude)) {
        out.add(a.peer());
      }
    }
    java.util.Collections.shuffle(out, ctx.random());
    return out.size() > 4 ? new ArrayList<>(out.subList(0, 4)) : out;
  }

  private List<Record> held(Key key) {
    List<Record> held = ctx.store().get(key);
    return held.size() > SupernodeMessages.MAX_RECORDS ? held.subList(0, SupernodeMessages.MAX_RECORDS) : held;
  }

  @Override
  public Future<Void> leave() {
    for (SupernodeOverlay r : retiring) {
      r.sayBye(linkedNow());
    }
    if (overlay != null) {
      List<Peer> others = overlay.links().peers();
      if (!others.isEmpty()) {
        List<Listings.Attached> children = overlay.listings().attached();
        for (int i = 0; i < children.size(); i++) {
          ctx.transport().send(children.get(i).peer(), new SupernodeMessages.Move(others.get(i % others.size())));
        }
      }
      overlay.sayBye();
    } else if (attachedTo != null) {
      ctx.transport().send(attachedTo, new SupernodeMessages.Bye());
      attachedTo = null;
    }
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (maintenance != null) {
      maintenance.cancel();
      maintenance = null;
    }
    if (overlay != null) {
      overlay.close("this node closed while a query ran");
    }
    for (SupernodeOverlay r : new ArrayList<>(retiring)) {
      r.close("this node closed while finishing a query it ran as a supernode");
    }
    retiring.clear();
  }

  @Override
  public int stateSize() {
    int finishing = retiring.stream().mapToInt(SupernodeOverlay::running).sum();
    return finishing + (overlay != null ? overlay.stateSize() : known.size() + (attachedTo == null ? 0 : 1));
  }
}
