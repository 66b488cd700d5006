package io.hopscotch.kelips;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Asking a list of nodes one after another until one answers (contacts of a group, then relays of the
 * own group), counting hops and dropping contacts that cannot be reached.
 */
final class Asking {

  private final StrategyContext ctx;
  private final GroupView view;
  private final Gossip gossip;
  private final int relays;

  Asking(StrategyContext ctx, GroupView view, Gossip gossip, int relays) {
    this.ctx = ctx;
    this.view = view;
    this.gossip = gossip;
    this.relays = relays;
  }

  /** A node that answered, the answer, and the nodes contacted until then (it included). */
  record Answer(Peer peer, Message message, int hops) {
  }

  /**
   * Asks {@code targets} one after another until one answers. A contact that cannot be reached or times
   * out is dropped from the contact table when {@code contactsFail}.
   */
  Future<Answer> firstAnswer(List<Peer> targets, Function<Peer, Future<Message>> ask, boolean contactsFail, int hopsSoFar) {
    return firstAnswer(targets, ask, contactsFail, hopsSoFar, 0, null);
  }

  private Future<Answer> firstAnswer(List<Peer> targets, Function<Peer, Future<Message>> ask, boolean contactsFail, int hopsSoFar,
      int i, Throwable last) {
    if (i >= targets.size()) {
      return Future.failedFuture(last != null ? last : new HopscotchException("no node to ask"));
    }
    Peer p = targets.get(i);
    return ask.apply(p).transform(ar -> {
      if (ar.succeeded()) {
        if (!contactsFail) {
          view.heard(p.id(), ctx.clock().millis());
        }
        return Future.succeededFuture(new Answer(p, ar.result(), hopsSoFar + i + 1));
      }
      Throwable e = ar.cause();
      if (contactsFail && (e instanceof PeerUnreachableException || e instanceof RequestTimeoutException)) {
        gossip.contactFailed(p);
      }
      ctx.stats().increment("kelips.requests.failed");
      return firstAnswer(targets, ask, contactsFail, hopsSoFar, i + 1, e);
    });
  }

  /** The contacts' peers, in the same order. */
  static List<Peer> peers(List<ContactTable.Contact> cs) {
    List<Peer> out = new ArrayList<>(cs.size());
    for (ContactTable.Contact c : cs) {
      out.add(c.peer());
    }
    return out;
  }

  /** Up to {@code relays} members of the own group, fastest known first. */
  List<Peer> relays() {
    List<GroupView.Member> ms = new ArrayList<>(view.sample(ctx.random(), relays * 2));
    ms.sort((a, b) -> Long.compare(a.rttNanos() < 0 ? Long.MAX_VALUE : a.rttNanos(), b.rttNanos() < 0 ? Long.MAX_VALUE : b.rttNanos()));
    List<Peer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(relays, ms.size()); i++) {
      out.add(ms.get(i).peer());
    }
    return out;
  }
}
