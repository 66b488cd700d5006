package io.hopscotch.search.supernode;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.search.flooding.Descriptor;
import io.hopscotch.search.flooding.FloodingMessages.HitItem;
import io.hopscotch.search.flooding.NeighbourSet;
import io.hopscotch.search.flooding.SeenDescriptors;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A supernode's part of the overlay: links to other supernodes, the {@link Listings} of its attached
 * nodes, and queries that flood among supernodes only, with descriptor ids (never forwarded twice),
 * a TTL, and hits routed back along the reverse path, as in flooding. Exists while the node is a
 * supernode, and for a while after it steps down (see {@link #retire}).
 *
 * <p>Hand-over when a supernode steps down: the node keeps its old overlay in a <em>retiring</em>
 * state and, as an ordinary node, finishes what it started as a supernode, and nothing more. It
 * starts no query, accepts no link or attachment and forwards no query; it keeps collecting the
 * hits of the queries it was running (its own and its ordinary nodes') until each ends at its own
 * deadline or limit, and answers each origin as it would have; it still passes back, along the
 * reverse path, the hits of queries it forwarded while it was a supernode; and it answers from the
 * listings it held (not forwarding) the queries its linked supernodes send it, since its old nodes
 * are not yet listed where they move: it says goodbye to its links only when that window ends, so
 * until then floods still reach it. It does so for {@code get-timeout-ms} after it stepped down (the
 * longest an origin collects; its nodes re-attach within about a round trip), or until its last query
 * ends if later. A node that never was a supernode carries no query traffic at all.
 */
final class SupernodeOverlay {

  /** Supernodes cached as link candidates. */
  static final int HOST_CACHE = 256;
  /** Supernodes named in each ping: a random sample, so that host caches mix across the overlay. */
  static final int GOSSIP = SupernodeMessages.MAX_PEERS / 4;
  /** Most queries a supernode runs at once (its own and its ordinary nodes'); more fail at once with that reason. */
  static final int MAX_QUERIES = 1024;

  private final SupernodeRouting node;
  private final StrategyContext ctx;
  private final SupernodeOptions options;
  private final NeighbourSet links;
  private final SeenDescriptors seen;
  private final Listings listings;
  private final Map<Descriptor.Id, ResultCollector> collectors = new HashMap<>();
  private final Set<Key> linking = new HashSet<>();
  private final long since;
  private boolean closed;
  /** Where each attached node was moved when this supernode stepped down; set while retiring. */
  private Map<Key, Peer> movedTo = Map.of();
  private Runnable onRetired;
  private Timers.Timer retireWindow;
  private boolean windowOver;
  private boolean byeSent;

  SupernodeOverlay(SupernodeRouting node, StrategyContext ctx, SupernodeOptions options) {
    this.node = node;
    this.ctx = ctx;
    this.options = options;
    this.links = new NeighbourSet(ctx.self().id(), options.degree(), 3 * options.degree(), HOST_CACHE);
    this.seen = new SeenDescriptors(options.seenMax(), options.seenMillis(), ctx.clock());
    this.listings = new Listings(options.capacity());
    this.since = ctx.clock().millis();
  }

  Listings listings() {
    return listings;
  }

  NeighbourSet links() {
    return links;
  }

  /** When this node became a supernode, on the node clock. */
  long since() {
    return since;
  }

  void learn(Peer supernode) {
    links.learn(supernode);
  }

  /**
   * Supernodes worth telling others about: a random sample of the linked and cached ones, never
   * {@code exclude}. Random rather than "my links first", so that what spreads by gossip is a
   * well-mixed sample of the whole overlay and new links do not cluster around first contacts.
   */
  List<Peer> known(Key exclude) {
    return links.sample(SupernodeMessages.MAX_PEERS / 2, exclude, ctx.random());
  }

  // ---- links ----

  /** Opens links until this supernode has opened {@code degree} of its own (links others opened to it do not count). */
  void topUp() {
    if (closed) {
      return;
    }
    int want = options.degree() - links.outboundCount() - linking.size();
    if (want <= 0) {
      return;
    }
    for (Peer p : links.candidates(want, linking, ctx.random())) {
      open(p, null);
    }
  }

  /**
   * Asks {@code p} for a link; once it stands, drops {@code replacing} (if not null) and tells it so.
   * A refusal (the other is full) still brings a sample of the supernodes it knows, as an ultrapeer's
   * refusal names other ultrapeers to try.
   */
  private void open(Peer p, Peer replacing) {
    linking.add(p.id());
    ctx.transport().request(p, new SupernodeMessages.LinkRequest()).onComplete(ar -> {
      linking.remove(p.id());
      if (ar.succeeded() && ar.result() instanceof SupernodeMessages.LinkResponse r) {
        r.supernodes().forEach(links::learn);
        if (r.accepted() && !closed) {
          boolean added = links.add(r.responder(), false, true, ctx.clock().nanos());
          if (added && replacing != null && links.remove(replacing.id())) {
            ctx.transport().send(replacing, new SupernodeMessages.Unlink());
            ctx.stats().increment("supernode.links_rewired");
          }
        } else if (!r.accepted()) {
          links.forget(p.id());
        }
      } else {
        links.forget(p.id());
      }
    });
  }

  /**
   * Replaces the link this supernode opened longest ago with one to a random cached supernode, so the
   * overlay keeps mixing: links made while the network was small (to the supernodes first met) do
   * not stay for ever, and over time every supernode's links become a random sample of all of them.
   */
  private void rewire() {
    if (closed || !linking.isEmpty() || links.outboundCount() < options.degree()) {
      return;
    }
    Peer oldest = links.oldestOutbound();
    List<Peer> fresh = links.candidates(1, linking, ctx.random());
    if (oldest != null && !fresh.isEmpty()) {
      open(fresh.get(0), oldest);
    }
  }

  Message onLink(Peer from) {
    boolean accepted = !closed && (links.contains(from.id()) || links.add(from, false, false, ctx.clock().nanos()));
    links.learn(from);
    return new SupernodeMessages.LinkResponse(accepted, ctx.self(), known(from.id()));
  }

  void onPing(Peer from, SupernodeMessages.SupernodePing p) {
    if (!links.contains(from.id())) {
      ctx.stats().increment("supernode.dropped.not_linked");
      return;
    }
    links.touch(from.id(), ctx.clock().nanos());
    p.supernodes().forEach(links::learn);
  }

  /** The other end dropped our link but is still a supernode: keep it as a candidate, open another if it was ours. */
  void onUnlink(Peer from) {
    if (links.remove(from.id())) {
      links.learn(from);
      topUp();
    }
  }

  void onBye(Peer from) {
    if (links.remove(from.id())) {
      links.forget(from.id());
      topUp();
    }
    listings.detach(from.id());
  }

  /** Drops silent links and attached nodes, pings linked supernodes, opens missing links. */
  void maintain() {
    long now = ctx.clock().nanos();
    long timeout = 3 * options.maintainMillis() * 1_000_000L;
    for (Peer gone : links.removeStale(now, timeout)) {
      links.forget(gone.id());
      ctx.stats().increment("supernode.links_lost");
    }
    int lost = listings.removeStale(now, timeout).size();
    if (lost > 0) {
      ctx.stats().add("supernode.attached_lost", lost);
    }
    for (Peer p : links.peers()) {
      ctx.transport().send(p, new SupernodeMessages.SupernodePing(links.sample(GOSSIP, p.id(), ctx.random())));
    }
    topUp();
    rewire();
  }

  // ---- queries ----

  /**
   * Searches this supernode's listings and, through the overlay, every supernode within the TTL.
   * Fails at once if {@link #MAX_QUERIES} queries are already running here.
   */
  Future<List<SupernodeMessages.Result>> search(Key key, List<String> words, int limit, long waitMillis) {
    if (collectors.size() >= MAX_QUERIES) {
      ctx.stats().increment("supernode.queries_refused");
      node.countQuery();
      return Future.failedFuture(new HopscotchException("supernode " + ctx.self() + " is running too many queries ("
          + MAX_QUERIES + ", its own and its ordinary nodes'); try again when some have ended"));
    }
    Descriptor d = Descriptor.fresh(ctx.random(), options.ttl());
    seen.firstSighting(d.id(), ctx.self());
    ResultCollector c = new ResultCollector(ctx, key != null, limit, waitMillis);
    collectors.put(d.id(), c);
    c.future().onComplete(ar -> {
      collectors.remove(d.id());
      if (onRetired != null) {
        ctx.stats().increment(ar.succeeded() ? "supernode.handover.queries_finished" : "supernode.handover.queries_failed");
        retiredIfIdle();
      }
    });
    c.add(matches(key, words, 0));
    ctx.stats().increment("supernode.queries_started");
    node.countQuery();
    SupernodeMessages.Query q = new SupernodeMessages.Query(d, key, words);
    for (Peer p : links.peers()) {
      node.sendQueryTraffic(this, p, q);
    }
    return c.future();
  }

  void onQuery(Peer from, SupernodeMessages.Query q) {
    if (!links.contains(from.id())) {
      ctx.stats().increment("supernode.dropped.not_linked");
      return;
    }
    Descriptor d = q.descriptor().clampTtl(Math.max(options.ttl(), 16));
    if (d.ttl() == 0 || !seen.firstSighting(d.id(), from)) {
      ctx.stats().increment("supernode.dropped.duplicate");
      return;
    }
    // with supernode.queries_started, gives how many supernodes a query reaches
    ctx.stats().increment("supernode.queries_reached");
    node.countQuery();
    int distance = Math.min(255, d.hops() + 1);
    List<SupernodeMessages.Result> found = matches(q.key(), q.words(), distance);
    if (!found.isEmpty()) {
      node.sendQueryTraffic(this, from, new SupernodeMessages.QueryHit(new Descriptor(d.id(), distance, 0), distance, found));
    }
    if (d.forwardable()) {
      SupernodeMessages.Query fwd = new SupernodeMessages.Query(d.next(), q.key(), q.words());
      for (Peer p : links.peers()) {
        if (!p.id().equals(from.id())) {
          node.sendQueryTraffic(this, p, fwd);
        }
      }
    }
  }

  /**
   * A query that reached this overlay after it stepped down, from a supernode linked to it (the
   * goodbye waits for the end of the retiring window): answered from the listings this node held,
   * since its old nodes may not yet be listed where they are moving, and never forwarded.
   */
  void onQueryWhileRetiring(Peer from, SupernodeMessages.Query q) {
    Descriptor d = q.descriptor();
    if (!links.contains(from.id()) || d.ttl() == 0 || !seen.firstSighting(d.id(), from)) {
      ctx.stats().increment("supernode.dropped.not_supernode");
      return;
    }
    int distance = Math.min(255, d.hops() + 1);
    List<SupernodeMessages.Result> found = matches(q.key(), q.words(), distance);
    ctx.stats().increment("supernode.handover.queries_answered");
    if (!found.isEmpty()) {
      node.sendQueryTraffic(this, from, new SupernodeMessages.QueryHit(new Descriptor(d.id(), distance, 0), distance, found));
    }
  }

  void onQueryHit(Peer from, SupernodeMessages.QueryHit h) {
    Peer route = seen.routeOf(h.descriptor().id());
    if (route == null) {
      ctx.stats().increment("supernode.dropped.no_route");
      return;
    }
    if (route.id().equals(ctx.self().id())) {
      ResultCollector c = collectors.get(h.descriptor().id());
      if (c != null) {
        c.add(h.results());
      }
      return;
    }
    if (h.descriptor().forwardable()) {
      if (onRetired != null) {
        ctx.stats().increment("supernode.handover.hits_relayed");
      }
      node.sendQueryTraffic(this, route, new SupernodeMessages.QueryHit(h.descriptor().next(), h.distance(), h.results()));
    }
  }

  private List<SupernodeMessages.Result> matches(Key key, List<String> words, int hops) {
    List<SupernodeMessages.Result> out = new ArrayList<>();
    int limit = SupernodeMessages.MAX_RESULTS / 2;
    List<Listings.Match> ms = key != null ? listings.byKey(key, limit) : listings.byWords(words, limit);
    for (Listings.Match m : ms) {
      out.add(new SupernodeMessages.Result(m.item(), m.holder().peer(), m.holder().firewalled(), ctx.self(), hops));
    }
    // a supernode shares items too; they are in its own store
    List<Record> own = key != null ? ctx.store().get(key) : ctx.store().search(words, limit);
    Set<Key> seenKeys = new HashSet<>();
    for (Record r : own) {
      if (!r.isTombstone() && seenKeys.add(r.key())) {
        out.add(new SupernodeMessages.Result(new HitItem(r.key(), r.keywords(), r.valueLength()), ctx.self(), ctx.firewalled(),
            ctx.self(), hops));
      }
    }
    return out;
  }

  /**
   * Steps down with a hand-over (see the class comment): from now on this overlay only finishes the
   * queries running here and passes back hits along reverse paths it made. {@code onRetired} runs once
   * every running query has ended and {@code get-timeout-ms} has passed, after which hits for this
   * node's old queries are dropped.
   *
   * @param moves where each attached node was told to move, for {@link #movedTo}
   * @param linkedAgain ids of supernodes linked by a later term of this node when the window ends:
   *     they get no goodbye
   * @param onRetired called once, when nothing is left to finish
   */
  void retire(Map<Key, Peer> moves, Supplier<Set<Key>> linkedAgain, Runnable onRetired) {
    closed = true;
    this.movedTo = Map.copyOf(moves);
    this.onRetired = onRetired;
    ctx.stats().add("supernode.handover.queries_kept", collectors.size());
    retireWindow = ctx.timers().once(options.getTimeoutMillis(), () -> {
      windowOver = true;
      sayBye(linkedAgain.get());
      retiredIfIdle();
    });
  }

  private void retiredIfIdle() {
    if (onRetired != null && windowOver && collectors.isEmpty()) {
      Runnable r = onRetired;
      onRetired = null;
      r.run();
    }
  }

  /** True if a hit for {@code id} is this overlay's to take: it started or forwarded that query. */
  boolean routes(Descriptor.Id id) {
    return seen.routeOf(id) != null;
  }

  /** The supernode {@code child} was moved to when this one stepped down, or null. */
  Peer movedTo(Key child) {
    return movedTo.get(child);
  }

  /**
   * Stops at once: fails running searches with {@code reason}, sends nothing. Used when the node
   * closes; a supernode that steps down {@link #retire retires} instead.
   */
  void close(String reason) {
    closed = true;
    onRetired = null;
    if (retireWindow != null) {
      retireWindow.cancel();
    }
    new ArrayList<>(collectors.values()).forEach(c -> c.fail(reason));
    collectors.clear();
  }

  /** Tells linked supernodes this one is gone. */
  void sayBye() {
    sayBye(Set.of());
  }

  /** Says goodbye to every linked supernode but those in {@code keep} (linked again by a later term); once. */
  void sayBye(Set<Key> keep) {
    if (byeSent) {
      return;
    }
    byeSent = true;
    for (Peer p : links.peers()) {
      if (!keep.contains(p.id())) {
        ctx.transport().send(p, new SupernodeMessages.Bye());
      }
    }
  }

  /** Queries still running here: what a retiring overlay holds. */
  int running() {
    return collectors.size();
  }

  int stateSize() {
    return links.size() + links.hostCount() + listings.size();
  }
}
