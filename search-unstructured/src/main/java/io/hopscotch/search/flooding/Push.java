package io.hopscotch.search.flooding;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gnutella's Push: a responder that cannot accept inbound connections is asked, along the path its
 * query hit came, to open a connection to the requester itself and deliver the item. The push is
 * routed by the responder's id: every node the hit passed remembers which neighbour leads to the
 * responder. If the requester cannot accept connections either, nothing can connect the two, and the
 * request fails at once with that reason, as Gnutella gives up.
 */
final class Push {

  private static final Logger LOG = LoggerFactory.getLogger(Push.class);
  /** Most pushes awaited at once. */
  static final int MAX_PENDING = 1024;

  private record Pending(Key responder, Key key, Promise<List<Record>> promise, Timers.Timer timer) {
  }

  private final FloodingRouting node;
  private final StrategyContext ctx;
  private final FloodingOptions options;
  private final SeenDescriptors seen;
  private final QueryRouter router;
  private final Map<Long, Pending> pending = new HashMap<>();

  Push(FloodingRouting node, StrategyContext ctx, FloodingOptions options, SeenDescriptors seen, QueryRouter router) {
    this.node = node;
    this.ctx = ctx;
    this.options = options;
    this.seen = seen;
    this.router = router;
  }

  /**
   * Asks the firewalled {@code responder} to push its records under {@code key} to this node.
   *
   * @param distance hops between the two along the hit's path
   * @return the records delivered; fails if both ends are firewalled, no route to the responder is
   *     known, or nothing arrives within the push timeout
   */
  Future<List<Record>> request(HitCollector.Holder responder, Key key) {
    Peer who = responder.peer();
    if (ctx.firewalled()) {
      ctx.stats().increment("flooding.push_both_firewalled");
      return Future.failedFuture(new HopscotchException("cannot fetch " + key + " from " + who + ": both it and this node are "
          + "firewalled, so neither can accept the other's connection (a push needs the requester to accept one)"));
    }
    Peer route = router.pushRoute(who.id());
    if (route == null || !node.neighbours().contains(route.id())) {
      return Future.failedFuture(new HopscotchException("cannot push-fetch " + key + " from firewalled " + who
          + ": no route back to it (its query hit's path is gone)"));
    }
    if (pending.size() >= MAX_PENDING) {
      return Future.failedFuture(new HopscotchException("too many pushes awaited (" + MAX_PENDING + "); try again later"));
    }
    long token = ctx.random().nextLong();
    while (pending.containsKey(token)) {
      token++;
    }
    long t = token;
    Promise<List<Record>> p = Promise.promise();
    Timers.Timer timer = ctx.timers().once(options.pushTimeoutMillis(), () -> {
      Pending gone = pending.remove(t);
      if (gone != null) {
        ctx.stats().increment("flooding.push_timeout");
        gone.promise.tryFail(new HopscotchException("firewalled holder " + who + " did not push " + key + " within "
            + options.pushTimeoutMillis() + " ms"));
      }
    });
    pending.put(t, new Pending(who.id(), key, p, timer));
    Descriptor d = Descriptor.fresh(ctx.random(), Math.max(1, Math.min(options.maxTtl(), responder.distance())));
    seen.firstSighting(d.id(), ctx.self());
    ctx.stats().increment("flooding.push_requested");
    node.sendFlooded(route, new FloodingMessages.Push(d, who.id(), ctx.self(), key, t));
    return p.future();
  }

  void onPush(Peer from, FloodingMessages.Push push) {
    if (push.descriptor().ttl() == 0) {
      ctx.stats().increment("flooding.dropped.ttl_zero");
      return;
    }
    if (!seen.firstSighting(push.descriptor().id(), from)) {
      ctx.stats().increment("flooding.dropped.duplicate");
      return;
    }
    node.traceAccepted(from, push);
    if (push.responderId().equals(ctx.self().id())) {
      deliver(push);
      return;
    }
    // the hit's path first: it is known to work, while a link this node lists to the responder may be
    // one the responder has dropped (or, if it is firewalled, one it never opened), and a push sent
    // there is lost; the direct link serves only when no hit from the responder passed here
    Peer next = router.pushRoute(push.responderId());
    if (next == null && node.neighbours().contains(push.responderId())) {
      next = node.neighbours().get(push.responderId()).peer();
    }
    if (next == null || !push.descriptor().forwardable()) {
      ctx.stats().increment("flooding.dropped.push_no_route");
      return;
    }
    node.sendFlooded(next, new FloodingMessages.Push(push.descriptor().next(), push.responderId(), push.requester(), push.key(),
        push.token()));
  }

  private void deliver(FloodingMessages.Push push) {
    List<Record> held = ctx.store().get(push.key());
    if (held.size() > FloodingMessages.MAX_RECORDS) {
      held = held.subList(0, FloodingMessages.MAX_RECORDS);
    }
    ctx.stats().increment("flooding.push_delivered");
    ctx.transport().request(push.requester(), new FloodingMessages.PushDelivery(push.token(), held)).onFailure(e -> {
      ctx.stats().increment("flooding.push_failed");
      LOG.info("could not push {} to {}: {}", push.key(), push.requester(), e.getMessage());
    });
  }

  Future<Message> onDelivery(Peer from, FloodingMessages.PushDelivery d) {
    Pending p = pending.get(d.token());
    if (p == null || !p.responder.equals(from.id())) {
      ctx.stats().increment("flooding.push_unexpected");
      return Future.succeededFuture(new FloodingMessages.PushAck(false));
    }
    pending.remove(d.token());
    p.timer.cancel();
    p.promise.tryComplete(d.records().stream().filter(r -> r.key().equals(p.key)).toList());
    return Future.succeededFuture(new FloodingMessages.PushAck(true));
  }

  /** Fails every awaited push. */
  void close() {
    for (Pending p : pending.values()) {
      p.timer.cancel();
      p.promise.tryFail(new HopscotchException("node closed while awaiting a push of " + p.key));
    }
    pending.clear();
  }
}
