package io.hopscotch.pastry;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.pastry.PastryMessages.Announce;
import io.hopscotch.pastry.PastryMessages.Mode;
import io.hopscotch.pastry.PastryMessages.PeerList;
import io.hopscotch.pastry.PastryMessages.RouteReply;
import io.hopscotch.pastry.PastryMessages.RouteRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pastry's join: the new node routes a join message to its own id through a bootstrap node (assumed
 * nearby, whose neighbourhood set seeds proximity); every node on the path contributes its routing-table
 * rows up to the prefix it shares with the new node, and the root — the node numerically closest to the
 * new id — contributes its leaf set. The new node takes all of this in, probing candidates to choose
 * table entries by round-trip time, and then announces itself to every node it now knows; those whose
 * leaf sets it enters answer with their leaf sets.
 */
final class JoinProtocol {

  private final StrategyContext ctx;
  private final NodeState state;
  private final Router router;
  private final Maintenance maintenance;

  JoinProtocol(StrategyContext ctx, NodeState state, Router router, Maintenance maintenance) {
    this.ctx = ctx;
    this.state = state;
    this.router = router;
    this.maintenance = maintenance;
  }

  /** Joins through the first bootstrap address that answers; an empty list starts a new ring. */
  Future<Void> join(List<Address> bootstrap) {
    if (bootstrap.isEmpty()) {
      return Future.succeededFuture();
    }
    return tryBootstrap(bootstrap, 0, 0, null);
  }

  /** Attempts per bootstrap address: a cold first connection (a TLS handshake on a busy host) may time out once. */
  static final int ATTEMPTS = 3;

  private Future<Void> tryBootstrap(List<Address> bootstrap, int i, int attempt, Throwable last) {
    if (i >= bootstrap.size()) {
      return Future.failedFuture(new HopscotchException("no bootstrap peer answered among " + bootstrap
          + (last == null ? "" : ": " + last.getMessage()), last));
    }
    Address a = bootstrap.get(i);
    if (a.equals(state.self().address())) {
      return tryBootstrap(bootstrap, i + 1, 0, last);
    }
    RouteRequest first = new RouteRequest(state.self().id(), Mode.JOIN_FIRST, List.of(state.self().id()));
    return ctx.transport().request(a, first, ctx.requestTimeoutMillis())
        .compose(m -> {
          if (!(m instanceof RouteReply reply)) {
            return Future.failedFuture(new HopscotchException("bootstrap " + a + " answered a join with " + m.type()));
          }
          takeIn(reply);
          return IterativeRoute.continueFrom(ctx, state, router, state.self().id(), Mode.JOIN, reply,
              Set.of(state.self().id()), this::takeIn);
        })
        .compose(result -> announce(state.known()))
        .compose(v -> checkNeighbours(true))
        .onSuccess(v -> maintenance.improveRows())
        .recover(e -> attempt + 1 < ATTEMPTS
            ? tryBootstrap(bootstrap, i, attempt + 1, e)
            : tryBootstrap(bootstrap, i + 1, 0, e));
  }

  /** Takes in what a node on the join path offered. */
  private void takeIn(RouteReply reply) {
    state.learn(reply.responder(), true);
    reply.state().forEach(p -> state.learn(p, true));
    reply.next().forEach(p -> state.learn(p, true));
  }

  /**
   * Routes to this node's own id with itself excluded, through its current state, to find the node
   * numerically closest to it and take in that node's leaf set; then announces itself to leaves it did
   * not know before. Corrects a join that arrived at the wrong root because that root's state was still
   * forming (many nodes joining at once), and a node that lost touch with its true neighbours.
   *
   * @param trusted true while joining (what the path says is taken in directly)
   */
  Future<Void> checkNeighbours(boolean trusted) {
    java.util.Set<io.hopscotch.core.Key> before = new java.util.HashSet<>();
    state.leafSet().members().forEach(p -> before.add(p.id()));
    ctx.stats().increment("pastry.maintenance.selfRoute");
    return IterativeRoute.start(ctx, state, router, state.self().id(), Mode.JOIN, Set.of(state.self().id()),
            reply -> {
              state.learn(reply.responder(), trusted);
              reply.state().forEach(p -> state.learn(p, trusted));
            })
        .transform(ar -> {
          List<Peer> fresh = new ArrayList<>();
          for (Peer p : state.leafSet().members()) {
            if (!before.contains(p.id())) {
              fresh.add(p);
            }
          }
          return fresh.isEmpty() ? Future.succeededFuture() : announce(fresh);
        });
  }

  /** Tells {@code everyone} that this node has joined; completes when all have answered or failed. */
  private Future<Void> announce(List<Peer> everyone) {
    List<Future<?>> answers = new ArrayList<>();
    for (Peer p : everyone) {
      answers.add(ctx.transport().request(p, new Announce()).onComplete(ar -> {
        if (ar.succeeded() && ar.result() instanceof PeerList list) {
          state.heardFrom(p);
          maintenance.merge(list.peers());
        } else {
          state.failed(p);
        }
      }));
    }
    Promise<Void> done = Promise.promise();
    Future.join(answers).onComplete(ar -> done.tryComplete());
    return done.future();
  }
}
