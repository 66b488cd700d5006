package io.hopscotch.pastry;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.pastry.PastryMessages.Mode;
import io.hopscotch.pastry.PastryMessages.RouteReply;
import io.hopscotch.pastry.PastryMessages.RouteRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks a route from this node towards the root of a key, one remote query per hop: each node on the
 * way answers with its own next hops (Pastry's routing decision, see {@link Router}), and the origin
 * asks the best of them next. When a node does not answer, the origin drops it from its own state,
 * tells the node that suggested it, and tries that node's next alternate; when none is left it asks
 * the suggesting node again with the dead node excluded.
 *
 * <p>Hops are the number of nodes that answered, the origin not counted.
 */
final class IterativeRoute {

  /** Most queries one route may make, answered or not. */
  static final int MAX_QUERIES = 64;

  /**
   * Where a route ended.
   *
   * @param root the root (this node when the route never left it)
   * @param last the root's reply, or null when the root is this node
   * @param hops remote nodes that answered
   * @param path those nodes in order
   */
  record Result(Peer root, RouteReply last, int hops, List<Peer> path) {
  }

  /** One node's suggestions that are still untried. */
  private record Frame(Peer responder, Deque<Peer> alternates, int excludedBefore) {
  }

  private final StrategyContext ctx;
  private final NodeState state;
  private final Router router;
  private final Key key;
  private final Mode mode;
  private final Consumer<RouteReply> onReply;
  private final Set<Key> exclude = new LinkedHashSet<>();
  private final Set<Key> visited = new HashSet<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final List<Peer> path = new ArrayList<>();
  private final Promise<Result> promise = Promise.promise();
  private int queries;
  private int localSteps;

  private IterativeRoute(StrategyContext ctx, NodeState state, Router router, Key key, Mode mode, Consumer<RouteReply> onReply) {
    this.ctx = ctx;
    this.state = state;
    this.router = router;
    this.key = key;
    this.mode = mode;
    this.onReply = onReply;
  }

  /**
   * Routes {@code key} from this node.
   *
   * @param onReply sees every reply on the way (a joining node learns state from them)
   */
  static Future<Result> start(StrategyContext ctx, NodeState state, Router router, Key key, Mode mode,
      Consumer<RouteReply> onReply) {
    return start(ctx, state, router, key, mode, Set.of(), onReply);
  }

  /** Routes {@code key} from this node, never to any of {@code excluded}. */
  static Future<Result> start(StrategyContext ctx, NodeState state, Router router, Key key, Mode mode,
      Set<Key> excluded, Consumer<RouteReply> onReply) {
    IterativeRoute r = new IterativeRoute(ctx, state, router, key, mode, onReply);
    r.exclude.addAll(excluded);
    r.frames.push(new Frame(null, new ArrayDeque<>(), 0));
    r.localStep();
    return r.promise.future();
  }

  /**
   * Continues a route whose first step was answered already (a join through a bootstrap address).
   *
   * @param excluded ids never to route to (the joining node's own)
   */
  static Future<Result> continueFrom(StrategyContext ctx, NodeState state, Router router, Key key, Mode mode,
      RouteReply first, Set<Key> excluded, Consumer<RouteReply> onReply) {
    IterativeRoute r = new IterativeRoute(ctx, state, router, key, mode, onReply);
    r.exclude.addAll(excluded);
    r.visited.add(first.responder().id());
    r.path.add(first.responder());
    r.answered(first.responder(), first);
    return r.promise.future();
  }

  /** Re-decides at this node, with what is excluded by now. */
  private void localStep() {
    if (++localSteps > 3) {
      promise.tryFail(new HopscotchException("no route to " + key + ": every next hop failed"));
      return;
    }
    Router.Decision d = router.route(key, exclude, PastryMessages.MAX_NEXT);
    if (d.arrived()) {
      promise.tryComplete(new Result(state.self(), null, path.size(), path));
      return;
    }
    frames.peek().alternates().addAll(d.next());
    next();
  }

  private void next() {
    while (!frames.isEmpty()) {
      Frame top = frames.peek();
      Peer candidate = top.alternates().poll();
      if (candidate == null) {
        if (top.responder() == null) {
          if (mode == Mode.JOIN || mode == Mode.JOIN_FIRST) {
            promise.tryFail(new HopscotchException("join route to " + key + " failed: every next hop failed"));
          } else {
            localStep();
          }
          return;
        }
        frames.pop();
        if (exclude.size() == top.excludedBefore()) {
          // Nothing failed since it answered, yet every hop it named was visited: the views disagree.
          promise.tryFail(new HopscotchException("route to " + key + " found a loop at " + top.responder()));
          return;
        }
        // Ask the node that suggested the failed hops again: it now knows what to avoid.
        visited.remove(top.responder().id());
        if (frames.isEmpty()) {
          frames.push(new Frame(null, new ArrayDeque<>(), 0));
        }
        query(top.responder());
        return;
      }
      if (visited.contains(candidate.id()) || exclude.contains(candidate.id()) || candidate.id().equals(state.self().id())) {
        continue;
      }
      query(candidate);
      return;
    }
    promise.tryFail(new HopscotchException("no route to " + key));
  }

  private void query(Peer target) {
    if (++queries > MAX_QUERIES) {
      promise.tryFail(new HopscotchException("route to " + key + " gave up after " + MAX_QUERIES + " queries"));
      return;
    }
    visited.add(target.id());
    List<Key> ex = new ArrayList<>(exclude);
    if (ex.size() > PastryMessages.MAX_EXCLUDE) {
      ex = ex.subList(ex.size() - PastryMessages.MAX_EXCLUDE, ex.size());
    }
    Peer suggestedBy = frames.isEmpty() ? null : frames.peek().responder();
    ctx.transport().request(target, new RouteRequest(key, mode, ex)).onComplete(ar -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof RouteReply reply) {
        state.heardFrom(target);
        path.add(target);
        answered(target, reply);
      } else {
        ctx.stats().increment("pastry.route.deadHop");
        exclude.add(target.id());
        state.failed(target);
        if (suggestedBy != null) {
          ctx.transport().send(suggestedBy, new PastryMessages.Failed(target));
        }
        next();
      }
    });
  }

  private void answered(Peer responder, RouteReply reply) {
    if (onReply != null) {
      onReply.accept(reply);
    }
    if (reply.arrived()) {
      promise.tryComplete(new Result(responder, reply, path.size(), List.copyOf(path)));
      return;
    }
    frames.push(new Frame(responder, new ArrayDeque<>(reply.next()), exclude.size()));
    next();
  }
}
