package io.hopscotch.search.flooding;

import com.github.benmanes.caffeine.cache.Cache;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.StrategyContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Floods queries and routes their hits back. A query goes to every neighbour; a node forwards it
 * only on its first sighting and only while its TTL allows, and answers with a {@link
 * FloodingMessages.QueryHit} if it holds matching items. A hit travels back hop by hop along the
 * exact reverse of the path its query took: each node sends it to the neighbour the query first came
 * from, found under the query's descriptor id in {@link SeenDescriptors}. Every node a hit passes
 * remembers which neighbour leads toward the responder, so a {@link Push} can follow the same path.
 */
final class QueryRouter {

  /** Most queries this node runs at once; more fail at once rather than grow the table of collections. */
  static final int MAX_QUERIES = 1024;

  /** Counter names by the hop count at which a node first received a query (index 0 unused). */
  private static final String[] REACHED_AT_HOPS = new String[FloodingOptions.TTL_CEILING + 1];

  static {
    for (int h = 0; h < REACHED_AT_HOPS.length; h++) {
      REACHED_AT_HOPS[h] = "flooding.queries_reached.hops_" + h;
    }
  }

  private final FloodingRouting node;
  private final StrategyContext ctx;
  private final FloodingOptions options;
  private final SeenDescriptors seen;
  private final Map<Descriptor.Id, HitCollector> collectors = new HashMap<>();
  /** Responder id → the neighbour its last hit came from. */
  private final Cache<Key, Peer> pushRoutes;

  QueryRouter(FloodingRouting node, StrategyContext ctx, FloodingOptions options, SeenDescriptors seen) {
    this.node = node;
    this.ctx = ctx;
    this.options = options;
    this.seen = seen;
    this.pushRoutes = SeenDescriptors.bounded(options.seenMax(), options.seenMillis(), ctx.clock());
  }

  /**
   * Starts a query: matches the local store, then floods to every neighbour.
   *
   * @param key the key sought, or null for a keyword search
   * @param words keywords, empty for a key search
   * @return the collection; already failed if {@link #MAX_QUERIES} queries of this node are running
   */
  HitCollector start(Key key, List<String> words, int limit, long deadlineMillis) {
    HitCollector c = new HitCollector(ctx, key != null, limit, deadlineMillis, options.lingerMillis());
    if (collectors.size() >= MAX_QUERIES) {
      ctx.stats().increment("flooding.queries_refused");
      c.fail("too many queries running on this node (" + MAX_QUERIES + "); try again when some have ended");
      return c;
    }
    Descriptor d = Descriptor.fresh(ctx.random(), options.ttl());
    seen.firstSighting(d.id(), ctx.self());
    collectors.put(d.id(), c);
    c.future().onComplete(ar -> collectors.remove(d.id()));
    FloodingMessages.Query q = new FloodingMessages.Query(d, key, words, ctx.firewalled());
    List<FloodingMessages.HitItem> local = matches(q);
    if (!local.isEmpty()) {
      c.add(ctx.self(), ctx.firewalled(), 0, local);
    }
    if (!c.isDone()) {
      ctx.stats().increment("flooding.queries_started");
      for (Peer n : node.neighbours().peers()) {
        node.sendFlooded(n, q);
      }
    }
    return c;
  }

  void onQuery(Peer from, FloodingMessages.Query q) {
    if (q.descriptor().ttl() == 0) {
      ctx.stats().increment("flooding.dropped.ttl_zero");
      return;
    }
    Descriptor d = q.descriptor().clampTtl(options.maxTtl());
    if (!seen.firstSighting(d.id(), from)) {
      ctx.stats().increment("flooding.dropped.duplicate");
      return;
    }
    node.traceAccepted(from, q);
    // with flooding.queries_started these give how many nodes a query reaches, and at what distance
    ctx.stats().increment("flooding.queries_reached");
    ctx.stats().increment(REACHED_AT_HOPS[Math.min(FloodingOptions.TTL_CEILING, d.hops() + 1)]);
    List<FloodingMessages.HitItem> items = matches(q);
    if (!items.isEmpty()) {
      int distance = Math.min(FloodingOptions.TTL_CEILING, d.hops() + 1);
      Descriptor back = new Descriptor(d.id(), distance, 0);
      ctx.stats().increment("flooding.hits_answered");
      node.sendFlooded(from, new FloodingMessages.QueryHit(back, ctx.self(), ctx.firewalled(), distance, items));
    }
    if (d.forwardable()) {
      FloodingMessages.Query fwd = new FloodingMessages.Query(d.next(), q.key(), q.words(), q.originFirewalled());
      for (Peer n : node.neighbours().peers()) {
        if (!n.id().equals(from.id())) {
          node.sendFlooded(n, fwd);
        }
      }
    }
  }

  void onQueryHit(Peer from, FloodingMessages.QueryHit h) {
    Peer route = seen.routeOf(h.descriptor().id());
    if (route == null) {
      ctx.stats().increment("flooding.dropped.no_route");
      return;
    }
    pushRoutes.put(h.responder().id(), from);
    if (route.id().equals(ctx.self().id())) {
      HitCollector c = collectors.get(h.descriptor().id());
      if (c == null) {
        ctx.stats().increment("flooding.hits_late");
      } else {
        c.add(h.responder(), h.responderFirewalled(), h.distance(), h.items());
      }
      return;
    }
    if (!h.descriptor().forwardable()) {
      ctx.stats().increment("flooding.dropped.ttl");
      return;
    }
    node.sendFlooded(route, new FloodingMessages.QueryHit(h.descriptor().next(), h.responder(), h.responderFirewalled(),
        h.distance(), h.items()));
  }

  /** The neighbour leading toward {@code responder}, learnt from a hit it sent, or null. */
  Peer pushRoute(Key responder) {
    return pushRoutes.getIfPresent(responder);
  }

  private List<FloodingMessages.HitItem> matches(FloodingMessages.Query q) {
    List<FloodingMessages.HitItem> out = new ArrayList<>();
    if (q.key() != null) {
      for (Record r : ctx.store().get(q.key())) {
        if (!r.isTombstone()) {
          out.add(new FloodingMessages.HitItem(r.key(), r.keywords(), r.valueLength()));
          break;
        }
      }
    } else {
      Map<Key, Boolean> keys = new HashMap<>();
      for (Record r : ctx.store().search(q.words(), FloodingMessages.MAX_HIT_ITEMS)) {
        if (keys.putIfAbsent(r.key(), Boolean.TRUE) == null) {
          out.add(new FloodingMessages.HitItem(r.key(), r.keywords(), r.valueLength()));
        }
      }
    }
    return out;
  }

  /** Fails every collection: a closing node sends nothing more, so it cannot fetch what was found. */
  void close() {
    new ArrayList<>(collectors.values()).forEach(c -> c.fail("node closed while its query was running"));
    collectors.clear();
  }
}
