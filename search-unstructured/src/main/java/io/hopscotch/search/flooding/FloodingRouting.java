package io.hopscotch.search.flooding;

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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gnutella-style flooding, routing name {@code flooding}. There are no servers: every node keeps a
 * {@link NeighbourSet} of links toward a target degree, discovers hosts with {@link PingPong}, floods
 * queries with a TTL through {@link QueryRouter} and never forwards a descriptor twice
 * ({@link SeenDescriptors}); {@link NeighbourRewiring} keeps replacing its oldest link with one to a
 * random known host, so the overlay stays a random graph whatever the join order. Items stay at the
 * node that shares them: {@code put} stores locally, {@code get} of a key is a search for it that
 * collects hits until a deadline or a limit and then fetches every publisher's record from the
 * holders, through a {@link Push} when a holder is firewalled.
 *
 * <p>Hops of a {@code get}: the query hops to the nearest holder that delivered a record (0 if only
 * this node holds it).
 */
public final class FloodingRouting implements RoutingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(FloodingRouting.class);
  /** Times each bootstrap address is tried. */
  static final int BOOTSTRAP_ROUNDS = 4;
  /** Rounds of connect attempts a joiner makes through named hosts when its bootstrap peer is full. */
  static final int JOIN_ROUNDS = 6;
  /** Hosts tried at once in each such round. */
  static final int JOIN_BATCH = 4;

  private final FloodingOptions options;
  private StrategyContext ctx;
  private NeighbourSet neighbours;
  private SeenDescriptors seen;
  private QueryRouter queries;
  private PingPong pings;
  private Push push;
  private NeighbourRewiring rewiring;
  private Timers.Timer maintenance;
  private final Set<Key> connecting = new HashSet<>();
  private DescriptorTrace trace;
  private boolean closed;

  /** A strategy with parsed options; {@link #init} gives it its context. */
  public FloodingRouting(FloodingOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return FloodingProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return FloodingMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    this.neighbours = new NeighbourSet(context.self().id(), options.degree(), options.maxDegree(), options.hostCacheSize());
    this.seen = new SeenDescriptors(options.seenMax(), options.seenMillis(), context.clock());
    this.queries = new QueryRouter(this, context, options, seen);
    this.pings = new PingPong(this, context, options, seen);
    this.push = new Push(this, context, options, seen, queries);
    this.rewiring = new NeighbourRewiring(this, context, options);
  }

  /** The options in force. */
  public FloodingOptions options() {
    return options;
  }

  /** The neighbour links (live view; confined to the node's event loop). */
  public NeighbourSet neighbours() {
    return neighbours;
  }

  /** Sets an observer of every flooded message this node sends (null for none); for tests and tools. */
  public void setTrace(DescriptorTrace trace) {
    this.trace = trace;
  }

  /**
   * Links to {@code peer} without a handshake, for tools and tests that lay out a fixed topology; the
   * other end must link back the same way.
   *
   * @return true if the link is new
   */
  public boolean addNeighbour(Peer peer, boolean firewalled) {
    return neighbours.add(peer, firewalled, true, ctx.clock().nanos());
  }

  void sendFlooded(Peer to, Message m) {
    if (trace != null) {
      trace.sent(ctx.self(), to, m);
    }
    ctx.transport().send(to, m);
  }

  void traceAccepted(Peer from, Message m) {
    if (trace != null) {
      trace.accepted(ctx.self(), from, m);
    }
  }

  // ---- membership ----

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    if (maintenance == null) {
      long period = options.pingMillis();
      maintenance = ctx.timers().periodic(period, period / 10, this::maintain);
      rewiring.start();
    }
    if (bootstrap.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    // each address several times: a first TLS handshake to a busy node can outlast a request timeout;
    // core ends the join at its own deadline whatever is left
    List<Address> attempts = new ArrayList<>();
    for (int round = 0; round < BOOTSTRAP_ROUNDS; round++) {
      attempts.addAll(bootstrap);
    }
    tryBootstrap(attempts, 0, done, null);
    return done.future();
  }

  private void tryBootstrap(List<Address> bootstrap, int i, Promise<Void> done, Throwable last) {
    if (i >= bootstrap.size()) {
      done.tryFail(new HopscotchException("no bootstrap peer among " + bootstrap + " let this node link to the overlay"
          + (last == null ? "" : ": " + last.getMessage()), last));
      return;
    }
    Address a = bootstrap.get(i);
    ctx.transport().request(a, new FloodingMessages.ConnectRequest(ctx.firewalled()), ctx.requestTimeoutMillis()).onComplete(ar -> {
      if (ar.failed() || !(ar.result() instanceof FloodingMessages.ConnectResponse r)) {
        Throwable e = ar.failed() ? ar.cause() : new HopscotchException(a + " answered " + ar.result().type());
        LOG.debug("bootstrap {} failed: {}", a, e.getMessage());
        tryBootstrap(bootstrap, i + 1, done, e);
        return;
      }
      absorb(r);
      if (r.accepted() && neighbours.contains(r.responder().id())) {
        done.tryComplete();
        topUp();
        return;
      }
      linkThroughHosts(JOIN_ROUNDS, new HashSet<>()).onComplete(x -> {
        if (neighbours.size() > 0) {
          done.tryComplete();
          topUp();
        } else {
          tryBootstrap(bootstrap, i + 1, done, new HopscotchException(a + " refused and none of the hosts it and others named accepted"));
        }
      });
    });
  }

  /**
   * A joiner whose bootstrap peer is full tries the hosts it named, then the hosts those named, a few
   * at a time, until one accepts or the rounds run out (full nodes name their neighbours, so the search
   * spreads away from the crowded part of the overlay).
   */
  private Future<Void> linkThroughHosts(int rounds, Set<Key> tried) {
    if (neighbours.size() > 0 || rounds == 0 || closed) {
      return Future.succeededFuture();
    }
    List<Peer> batch = neighbours.candidates(JOIN_BATCH, tried, ctx.random());
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (Peer p : batch) {
      tried.add(p.id());
      attempts.add(connect(p));
    }
    return Future.join(attempts).transform(x -> linkThroughHosts(rounds - 1, tried));
  }

  private void absorb(FloodingMessages.ConnectResponse r) {
    r.hosts().forEach(h -> neighbours.learn(h.peer()));
    neighbours.learn(r.responder());
    if (r.accepted()) {
      neighbours.add(r.responder(), false, true, ctx.clock().nanos());
    }
  }

  /** Opens links to cached hosts until the target degree is reached; completes when these attempts end. */
  private Future<Void> topUp() {
    int want = neighbours.deficit() - connecting.size();
    if (want <= 0 || closed) {
      return Future.succeededFuture();
    }
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (Peer p : linkCandidates(want)) {
      attempts.add(connect(p));
    }
    return Future.join(attempts).mapEmpty();
  }

  /** Up to {@code n} cached hosts, in random order, that are neither neighbours nor being connected to. */
  List<Peer> linkCandidates(int n) {
    return neighbours.candidates(n, connecting, ctx.random());
  }

  /**
   * Asks {@code p} for a link and learns the hosts its answer names.
   *
   * @return true if a new link to it now stands
   */
  Future<Boolean> connect(Peer p) {
    connecting.add(p.id());
    return ctx.transport().request(p, new FloodingMessages.ConnectRequest(ctx.firewalled())).transform(ar -> {
      connecting.remove(p.id());
      boolean linked = false;
      if (ar.succeeded() && ar.result() instanceof FloodingMessages.ConnectResponse r) {
        if (r.accepted() && !closed) {
          linked = neighbours.add(r.responder(), false, true, ctx.clock().nanos());
          if (!linked && !neighbours.contains(r.responder().id())) {
            ctx.transport().send(r.responder(), new FloodingMessages.Bye());
          }
        }
        r.hosts().forEach(h -> neighbours.learn(h.peer()));
      } else {
        neighbours.forget(p.id());
      }
      return Future.succeededFuture(linked);
    });
  }

  private Future<Message> onConnect(Peer from, FloodingMessages.ConnectRequest req) {
    // a random sample of links and cache (also in a refusal, as Gnutella 0.6's X-Try): what spreads
    // this way is a mix of the whole overlay rather than always this node's neighbourhood
    List<FloodingMessages.HostEntry> hosts = new ArrayList<>();
    for (Peer p : neighbours.sample(FloodingMessages.MAX_HOSTS / 2, from.id(), ctx.random())) {
      hosts.add(new FloodingMessages.HostEntry(p, 0));
    }
    boolean accepted = !closed && !ctx.firewalled()
        && (neighbours.contains(from.id()) || neighbours.add(from, req.firewalled(), false, ctx.clock().nanos()));
    if (!req.firewalled()) {
      neighbours.learn(from);
    }
    ctx.stats().increment(accepted ? "flooding.links_accepted" : "flooding.links_refused");
    return Future.succeededFuture(new FloodingMessages.ConnectResponse(accepted, ctx.self(), hosts));
  }

  private void maintain() {
    long now = ctx.clock().nanos();
    for (Peer gone : neighbours.removeStale(now, 3 * options.pingMillis() * 1_000_000L)) {
      ctx.stats().increment("flooding.neighbours_lost");
      neighbours.forget(gone.id());
      pings.forget(gone);
    }
    pings.ping();
    topUp();
  }

  // ---- data ----

  @Override
  public Future<Void> put(Record record) {
    try {
      ctx.store().put(record);
      return Future.succeededFuture();
    } catch (InvalidRecordException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Lookup> get(Key key) {
    HitCollector c = queries.start(key, List.of(), options.getLimit(), ctx.clock().millis() + options.getTimeoutMillis());
    return c.future().compose(hits -> fetchAll(key, c.holders()));
  }

  private Future<Lookup> fetchAll(Key key, List<HitCollector.Holder> holders) {
    List<Record> records = new ArrayList<>();
    List<Future<List<Record>>> asks = new ArrayList<>();
    List<HitCollector.Holder> remote = new ArrayList<>();
    for (HitCollector.Holder h : holders) {
      if (h.peer().id().equals(ctx.self().id())) {
        records.addAll(ctx.store().get(key));
      } else {
        remote.add(h);
        asks.add(fetchFrom(h, key));
      }
    }
    boolean local = !records.isEmpty();
    return Future.join(asks).transform(ignored -> {
      List<Peer> path = new ArrayList<>();
      int hops = local ? 0 : Integer.MAX_VALUE;
      List<String> failures = new ArrayList<>();
      Throwable last = null;
      for (int i = 0; i < asks.size(); i++) {
        Future<List<Record>> f = asks.get(i);
        HitCollector.Holder h = remote.get(i);
        if (f.succeeded()) {
          records.addAll(f.result());
          path.add(h.peer());
          hops = Math.min(hops, h.distance());
        } else {
          last = f.cause();
          failures.add(h.peer() + ": " + f.cause().getMessage());
        }
      }
      if (!remote.isEmpty() && path.isEmpty() && !local) {
        return Future.failedFuture(new HopscotchException("found " + key + " at " + remote.size() + " holder(s) but none delivered: "
            + String.join("; ", failures), last));
      }
      return Future.succeededFuture(new Lookup(records, hops == Integer.MAX_VALUE ? 0 : hops, path));
    });
  }

  private Future<List<Record>> fetchFrom(HitCollector.Holder h, Key key) {
    Future<List<Record>> direct = ctx.transport().request(h.peer(), new FloodingMessages.FetchRequest(key)).compose(m -> {
      if (m instanceof FloodingMessages.FetchResponse fr) {
        return Future.succeededFuture(fr.records().stream().filter(r -> r.key().equals(key)).toList());
      }
      return Future.failedFuture(new HopscotchException("holder " + h.peer() + " answered " + m.type()));
    });
    if (!h.firewalled()) {
      return direct;
    }
    // a firewalled holder is reachable directly only over a connection it opened to us; otherwise it must push
    return direct.recover(e -> push.request(h, key));
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    return queries.start(null, keywords, limit, deadlineMillis).future();
  }

  // ---- inbound ----

  @Override
  public void onMessage(Peer from, Message message) {
    if (message instanceof FloodingMessages.Bye) {
      if (neighbours.remove(from.id())) {
        pings.forget(from);
        neighbours.forget(from.id());
        ctx.stats().increment("flooding.neighbours_left");
        topUp();
      }
      return;
    }
    if (message instanceof FloodingMessages.Unlink) {
      NeighbourSet.Link link = neighbours.get(from.id());
      if (link != null) {
        // it rewired: gone as a neighbour, still alive as a host
        neighbours.remove(from.id());
        neighbours.retire(from.id(), ctx.clock().nanos());
        if (!link.firewalled()) {
          neighbours.learn(from);
        }
        ctx.stats().increment("flooding.neighbours_unlinked");
        topUp();
      }
      return;
    }
    long now = ctx.clock().nanos();
    if (!neighbours.contains(from.id())) {
      // descriptors travel only over links; a stranger's (or a dropped neighbour's) is ignored, except
      // answers and pushes still on their way back over a link that rewiring ended while they travelled
      boolean backward = message instanceof FloodingMessages.QueryHit || message instanceof FloodingMessages.Pong
          || message instanceof FloodingMessages.Push;
      if (!backward || !neighbours.recentlyRetired(from.id(), now, options.seenMillis() * 1_000_000L)) {
        ctx.stats().increment("flooding.dropped.not_neighbour");
        return;
      }
      ctx.stats().increment("flooding.accepted_over_retired_link");
    }
    neighbours.touch(from.id(), now);
    if (message instanceof FloodingMessages.Query q) {
      queries.onQuery(from, q);
    } else if (message instanceof FloodingMessages.QueryHit h) {
      queries.onQueryHit(from, h);
    } else if (message instanceof FloodingMessages.Ping p) {
      pings.onPing(from, p);
    } else if (message instanceof FloodingMessages.Pong p) {
      pings.onPong(from, p);
    } else if (message instanceof FloodingMessages.Push p) {
      push.onPush(from, p);
    } else {
      LOG.debug("ignoring one-way {} from {}", message.type(), from);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    neighbours.touch(from.id(), ctx.clock().nanos());
    if (request instanceof FloodingMessages.ConnectRequest c) {
      return onConnect(from, c);
    }
    if (request instanceof FloodingMessages.FetchRequest f) {
      List<Record> held = ctx.store().get(f.key());
      if (held.size() > FloodingMessages.MAX_RECORDS) {
        held = held.subList(0, FloodingMessages.MAX_RECORDS);
      }
      ctx.stats().increment("flooding.served");
      return Future.succeededFuture(new FloodingMessages.FetchResponse(held));
    }
    if (request instanceof FloodingMessages.PushDelivery d) {
      return push.onDelivery(from, d);
    }
    return Future.failedFuture(new HopscotchException("flooding does not answer " + request.type()));
  }

  @Override
  public Future<Void> leave() {
    for (Peer p : neighbours.peers()) {
      ctx.transport().send(p, new FloodingMessages.Bye());
      neighbours.remove(p.id());
    }
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    rewiring.close();
    if (maintenance != null) {
      maintenance.cancel();
      maintenance = null;
    }
    queries.close();
    push.close();
  }

  @Override
  public int stateSize() {
    return neighbours.size() + neighbours.hostCount() + pings.cacheSize();
  }
}
