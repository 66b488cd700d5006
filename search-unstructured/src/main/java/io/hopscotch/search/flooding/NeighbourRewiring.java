package io.hopscotch.search.flooding;

import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import java.util.List;

/**
 * Keeps the flooding overlay mixed, as Gnutella clients do with their host caches. Without it a
 * node's links are the ones it made while joining, to its bootstrap peer and the hosts that peer
 * named, so an overlay grown quickly (many joins at once) is a patchwork of local links in which
 * most nodes lie more than a TTL apart.
 *
 * <p>Every round ({@code rewire-ms}, with jitter) a node that has its target degree asks a random host
 * from its cache for a link; once the new link stands it drops the link it opened longest ago and
 * tells the other end with {@link FloodingMessages.Unlink}, which keeps that node as a host to know and
 * opens a replacement if it fell below its target. The node's degree therefore never drops below its
 * target on its own account, and never exceeds the maximum (a full host refuses, and its refusal
 * still names other hosts). Host caches fill from connect answers, which carry a random sample of the
 * answering node's links and cache, so every cache becomes a sample of the whole overlay and, after a
 * few rounds, the links are a random graph whatever the join order was.
 *
 * <p>Both ends remember the ended link for as long as descriptor routes live ({@code seen-ms}), so query
 * hits and pushes already on their way back over it still arrive; new queries and pings do not cross it.
 *
 * <p>One rewiring at a time per node, so a round costs at most three messages (connect, answer,
 * unlink). Confined to the node's event loop.
 */
final class NeighbourRewiring {

  private final FloodingRouting node;
  private final StrategyContext ctx;
  private final long periodMillis;
  private Timers.Timer timer;
  private boolean pending;
  private boolean closed;

  NeighbourRewiring(FloodingRouting node, StrategyContext ctx, FloodingOptions options) {
    this.node = node;
    this.ctx = ctx;
    this.periodMillis = options.rewireMillis();
  }

  /** Starts the rounds (once; nothing if rewiring is off). */
  void start() {
    if (timer == null && periodMillis > 0 && !closed) {
      timer = ctx.timers().periodic(periodMillis, periodMillis / 10, this::round);
    }
  }

  /**
   * One round: replaces the oldest link this node opened with one to a random cached host, if the node
   * has its target degree (below it, topping up comes first), opened a link of its own, and knows a host
   * it is not linked to.
   */
  void round() {
    NeighbourSet links = node.neighbours();
    if (pending || closed || links.deficit() > 0) {
      return;
    }
    Peer oldest = links.oldestOutbound();
    if (oldest == null) {
      return;
    }
    List<Peer> fresh = node.linkCandidates(1);
    if (fresh.isEmpty()) {
      return;
    }
    pending = true;
    node.connect(fresh.get(0)).onComplete(ar -> {
      pending = false;
      // drop the old link only once the new one stands, so the degree never dips
      if (!closed && ar.succeeded() && ar.result() && links.remove(oldest.id())) {
        links.retire(oldest.id(), ctx.clock().nanos());
        ctx.transport().send(oldest, new FloodingMessages.Unlink());
        ctx.stats().increment("flooding.links_rewired");
      }
    });
  }

  /** Stops the rounds; a rewiring under way drops nothing. */
  void close() {
    closed = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
