package io.hopscotch.search.flooding;

import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Peer discovery with Ping and Pong. Each maintenance round a node pings its neighbours.
 *
 * <p>Without pong caching (Gnutella 0.4) a ping floods up to its TTL like a query, and every node it
 * reaches answers with a pong of its own, routed back along the ping's reverse path: the origin
 * learns every host within the ping's TTL, at a cost that grows with the number of hosts.
 *
 * <p>With pong caching (Gnutella 0.6) a ping goes to neighbours only (TTL 1) and is never forwarded;
 * the neighbour answers with one pong listing itself and the fresh entries of its {@link PongCache},
 * which holds the neighbours' own recent pongs. A host learns its neighbours' neighbours each round
 * for two messages per link.
 */
final class PingPong {

  private final FloodingRouting node;
  private final StrategyContext ctx;
  private final FloodingOptions options;
  private final SeenDescriptors seen;
  private final PongCache cache;

  PingPong(FloodingRouting node, StrategyContext ctx, FloodingOptions options, SeenDescriptors seen) {
    this.node = node;
    this.ctx = ctx;
    this.options = options;
    this.seen = seen;
    this.cache = new PongCache(options.pongCacheSize(), 3 * options.pingMillis(), ctx.clock());
  }

  /** Pings every neighbour. */
  void ping() {
    List<Peer> neighbours = node.neighbours().peers();
    if (neighbours.isEmpty()) {
      return;
    }
    Descriptor d = Descriptor.fresh(ctx.random(), options.pongCache() ? 1 : options.pingTtl());
    seen.firstSighting(d.id(), ctx.self());
    FloodingMessages.Ping p = new FloodingMessages.Ping(d);
    for (Peer n : neighbours) {
      node.sendFlooded(n, p);
    }
  }

  private FloodingMessages.HostEntry selfEntry() {
    return new FloodingMessages.HostEntry(ctx.self(), ctx.store().size());
  }

  void onPing(Peer from, FloodingMessages.Ping p) {
    if (p.descriptor().ttl() == 0) {
      ctx.stats().increment("flooding.dropped.ttl_zero");
      return;
    }
    Descriptor d = p.descriptor().clampTtl(options.maxTtl());
    if (!seen.firstSighting(d.id(), from)) {
      ctx.stats().increment("flooding.dropped.duplicate");
      return;
    }
    node.traceAccepted(from, p);
    int distance = Math.min(FloodingOptions.TTL_CEILING, d.hops() + 1);
    Descriptor back = new Descriptor(d.id(), distance, 0);
    List<FloodingMessages.HostEntry> hosts = new ArrayList<>();
    if (!ctx.firewalled()) {
      hosts.add(selfEntry());
    }
    if (options.pongCache()) {
      // answered from the cache and never forwarded; an empty pong still tells the neighbour we are alive
      hosts.addAll(cache.fresh(from.id(), options.pongCacheSize()));
      node.sendFlooded(from, new FloodingMessages.Pong(back, hosts));
      return;
    }
    node.sendFlooded(from, new FloodingMessages.Pong(back, hosts));
    if (d.forwardable()) {
      FloodingMessages.Ping fwd = new FloodingMessages.Ping(d.next());
      for (Peer n : node.neighbours().peers()) {
        if (!n.id().equals(from.id())) {
          node.sendFlooded(n, fwd);
        }
      }
    }
  }

  void onPong(Peer from, FloodingMessages.Pong pong) {
    Peer route = seen.routeOf(pong.descriptor().id());
    if (route == null) {
      ctx.stats().increment("flooding.dropped.no_route");
      return;
    }
    for (FloodingMessages.HostEntry h : pong.hosts()) {
      node.neighbours().learn(h.peer());
    }
    if (route.id().equals(ctx.self().id())) {
      if (!pong.hosts().isEmpty() && pong.hosts().get(0).peer().id().equals(from.id())) {
        cache.put(pong.hosts().get(0));
      }
      return;
    }
    if (!pong.descriptor().forwardable()) {
      ctx.stats().increment("flooding.dropped.ttl");
      return;
    }
    node.sendFlooded(route, new FloodingMessages.Pong(pong.descriptor().next(), pong.hosts()));
  }

  /** Forgets a host that left or stopped answering. */
  void forget(Peer p) {
    cache.remove(p.id());
  }

  int cacheSize() {
    return cache.size();
  }
}
