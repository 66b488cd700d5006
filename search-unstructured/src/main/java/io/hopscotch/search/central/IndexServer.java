package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.ProtocolViolationException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server role of the central index: it keeps the {@link IndexTable}, believes a registration only
 * if it is signed by the node that sent it, expires entries whose lease ran out, answers lookups and
 * searches, and (as a primary) feeds its standbys or (as a standby) mirrors its primary.
 */
final class IndexServer {

  private static final Logger LOG = LoggerFactory.getLogger(IndexServer.class);

  private final StrategyContext ctx;
  private final CentralOptions options;
  private final IndexTable table;
  private final StandbyMirror mirror;
  private Timers.Timer sweepTimer;

  IndexServer(StrategyContext ctx, CentralOptions options) {
    this.ctx = ctx;
    this.options = options;
    this.table = new IndexTable(options.maxEntries(), options.maxEntriesPerClient());
    this.mirror = new StandbyMirror(ctx, table, options);
  }

  /** Starts the lease sweep and, on a standby, copies the primary's index. */
  Future<Void> start() {
    if (sweepTimer == null) {
      long period = Math.max(1, options.leaseMillis() / 4);
      sweepTimer = ctx.timers().periodic(period, period / 10, this::sweep);
    }
    if (options.standby()) {
      return mirror.pull(options.primary());
    }
    return Future.succeededFuture();
  }

  private void sweep() {
    int n = table.expire(ctx.clock().millis());
    if (n > 0) {
      ctx.stats().add("central.expired", n);
      LOG.debug("index expired {} entries", n);
    }
  }

  /**
   * Checks and applies a registration that {@code from} sent (or this node made for itself).
   *
   * @return the response, or a failed future with the reason the registration was refused: a
   *     {@link ProtocolViolationException} if it is forged (not signed by {@code from})
   */
  Future<Message> onRegister(Peer from, Registration r) {
    String bad = r.checkFrom(from.id(), ctx.verifier());
    if (bad != null) {
      // A registration in another node's name, or with a signature that does not hold, is not a mistake
      // an honest client makes: the transport closes that connection after answering.
      ctx.stats().increment("central.refused");
      ctx.stats().increment("central.forged");
      LOG.info("forged registration from {}: {}", from, bad);
      return Future.failedFuture(new ProtocolViolationException("forged registration from " + from + ": " + bad));
    }
    long now = ctx.clock().millis();
    int held;
    try {
      held = table.apply(r, now, options.leaseMillis());
    } catch (IndexTable.Refused e) {
      return refuse(from, e.getMessage());
    }
    ctx.stats().increment("central.registrations");
    mirror.forward(r);
    long lease = Math.min(r.leaseExpiresAtMillis(), now + options.leaseMillis());
    return Future.succeededFuture(new CentralMessages.RegisterResponse(ctx.self(), held, lease));
  }

  private Future<Message> refuse(Peer from, String reason) {
    ctx.stats().increment("central.refused");
    LOG.info("refused registration from {}: {}", from, reason);
    return Future.failedFuture(new IndexTable.Refused(reason));
  }

  /** Applies a registration forwarded by the primary, if it really came from the configured primary. */
  void onMirrorUpdate(Peer from, Registration r) {
    if (!options.standby() || !from.address().equals(options.primary())) {
      ctx.stats().increment("central.refused");
      LOG.info("ignored a mirror update from {}: this node mirrors {}", from, options.primary());
      return;
    }
    String bad = r.checkFrom(r.peer().id(), ctx.verifier());
    if (bad != null) {
      ctx.stats().increment("central.refused");
      LOG.info("ignored a forged mirror update from {}: {}", from, bad);
      return;
    }
    try {
      table.apply(r, ctx.clock().millis(), options.leaseMillis());
      ctx.stats().increment("central.mirror.applied");
    } catch (IndexTable.Refused e) {
      LOG.debug("mirror update not applied: {}", e.getMessage());
    }
  }

  /** Answers a standby's mirror request. */
  Future<Message> onMirrorRequest(Peer from, CentralMessages.MirrorRequest req) {
    try {
      return Future.succeededFuture(mirror.onMirrorRequest(from, req));
    } catch (IndexTable.Refused e) {
      return Future.failedFuture(e);
    }
  }

  /** Holders of {@code key} with a live lease. */
  List<IndexTable.Holder> holders(Key key) {
    return table.holders(key, ctx.clock().millis(), CentralMessages.MAX_HOLDERS);
  }

  /** Search hits, with {@code hops} as given. */
  List<SearchHit> search(List<String> words, int limit, int hops) {
    List<SearchHit> out = new ArrayList<>();
    for (IndexTable.Hit h : hits(words, limit)) {
      out.add(new SearchHit(h.key(), h.keywords(), h.holders(), h.size(), hops));
    }
    return out;
  }

  /** Raw hits for the wire. */
  List<IndexTable.Hit> hits(List<String> words, int limit) {
    return table.search(words, ctx.clock().millis(), Math.min(limit, CentralMessages.MAX_HITS), CentralMessages.MAX_HIT_HOLDERS);
  }

  /** The table (tests and stats look at it). */
  IndexTable table() {
    return table;
  }

  /** The standbys this primary feeds. */
  List<Peer> mirrors() {
    return mirror.mirrors();
  }

  /** The configured primary, or null. */
  Address primary() {
    return options.primary();
  }

  /** Stops the sweep and the mirror. */
  void close() {
    if (sweepTimer != null) {
      sweepTimer.cancel();
      sweepTimer = null;
    }
    mirror.close();
  }
}
