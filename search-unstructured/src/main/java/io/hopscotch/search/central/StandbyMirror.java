package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primary-to-standby replication of the index.
 *
 * <p>On a standby: {@link #pull} registers this node as a mirror of the primary and copies the
 * primary's index page by page; afterwards {@link #renew} keeps the mirror registration alive.
 * On the primary: a mirror request registers its sender as a mirror for a while, and every accepted
 * registration is {@link #forward forwarded} to the live mirrors as a one-way message.
 *
 * <p>Replication is best effort: a forwarded update can be lost, and updates that race with the
 * snapshot are merged, not ordered. That is enough because clients re-register everything with the
 * standby when they fail over to it; the mirror only means the standby can answer at once.
 */
final class StandbyMirror {

  private static final Logger LOG = LoggerFactory.getLogger(StandbyMirror.class);
  /** Most standbys one primary feeds. */
  static final int MAX_MIRRORS = 8;
  /** Items per snapshot page. */
  static final int PAGE_ITEMS = 512;

  private final StrategyContext ctx;
  private final IndexTable table;
  private final CentralOptions options;
  private final Map<Key, Mirror> mirrors = new LinkedHashMap<>();
  private Timers.Timer renewTimer;
  private boolean closed;

  private record Mirror(Peer peer, long expiresAtMillis) {
  }

  StandbyMirror(StrategyContext ctx, IndexTable table, CentralOptions options) {
    this.ctx = ctx;
    this.table = table;
    this.options = options;
  }

  // ---- primary side ----

  /**
   * Registers (or renews) {@code from} as a mirror and answers with the page it asked for.
   *
   * @throws IndexTable.Refused if too many mirrors are registered already
   */
  CentralMessages.SnapshotResponse onMirrorRequest(Peer from, CentralMessages.MirrorRequest req) {
    long now = ctx.clock().millis();
    mirrors.values().removeIf(m -> m.expiresAtMillis() <= now);
    if (!mirrors.containsKey(from.id()) && mirrors.size() >= MAX_MIRRORS) {
      throw new IndexTable.Refused("this primary already feeds " + MAX_MIRRORS + " standbys; " + from + " refused");
    }
    if (!mirrors.containsKey(from.id())) {
      LOG.info("index standby {} registered as a mirror", from);
      ctx.stats().increment("central.mirror.added");
    }
    mirrors.put(from.id(), new Mirror(from, now + 3 * options.leaseMillis()));
    if (req.maxItems() == 0) {
      return new CentralMessages.SnapshotResponse(List.of(), false, null, null);
    }
    IndexTable.Page p = table.page(req.afterClient(), req.afterKey(), req.maxItems());
    return new CentralMessages.SnapshotResponse(p.clients(), p.more(), p.nextClient(), p.nextKey());
  }

  /** Sends an accepted registration to every live mirror. */
  void forward(Registration r) {
    if (mirrors.isEmpty()) {
      return;
    }
    long now = ctx.clock().millis();
    Iterator<Mirror> it = mirrors.values().iterator();
    while (it.hasNext()) {
      Mirror m = it.next();
      if (m.expiresAtMillis() <= now) {
        it.remove();
        continue;
      }
      ctx.transport().send(m.peer(), new CentralMessages.MirrorUpdate(r));
      ctx.stats().increment("central.mirror.forwarded");
    }
  }

  /** Standbys currently fed. */
  List<Peer> mirrors() {
    List<Peer> out = new ArrayList<>();
    mirrors.values().forEach(m -> out.add(m.peer()));
    return out;
  }

  // ---- standby side ----

  /** Copies the primary's whole index into the table, then renews the mirror registration periodically. */
  Future<Void> pull(Address primary) {
    if (renewTimer == null) {
      long period = Math.max(1, options.leaseMillis() / 3);
      renewTimer = ctx.timers().periodic(period, period / 10, () -> renew(primary));
    }
    return page(primary, null, null, 0).map(n -> {
      LOG.info("standby copied {} index entries from primary {}", n, primary);
      ctx.stats().add("central.mirror.copied", n);
      return (Void) null;
    }).recover(e -> Future.failedFuture(new HopscotchException(
        "standby could not copy the index from primary " + primary + ": " + e.getMessage(), e)));
  }

  private Future<Integer> page(Address primary, Key afterClient, Key afterKey, int copied) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("closed"));
    }
    return ctx.transport().request(primary, new CentralMessages.MirrorRequest(afterClient, afterKey, PAGE_ITEMS), ctx.requestTimeoutMillis())
        .compose(m -> {
          if (!(m instanceof CentralMessages.SnapshotResponse s)) {
            return Future.failedFuture(new HopscotchException("primary " + primary + " answered " + m.type() + " to a mirror request"));
          }
          int n = copied;
          for (ClientSnapshot c : s.clients()) {
            int dropped = table.merge(c);
            if (dropped > 0) {
              LOG.warn("standby dropped {} entries of {}: index bounds reached", dropped, c.peer());
            }
            n += c.items().size() - dropped;
          }
          if (s.more() && s.nextClient() != null) {
            return page(primary, s.nextClient(), s.nextKey(), n);
          }
          return Future.succeededFuture(n);
        });
  }

  private void renew(Address primary) {
    if (closed) {
      return;
    }
    ctx.transport().request(primary, new CentralMessages.MirrorRequest(null, null, 0), ctx.requestTimeoutMillis())
        .onFailure(e -> {
          ctx.stats().increment("central.mirror.renew_failed");
          LOG.debug("standby could not renew its mirror registration with {}: {}", primary, e.getMessage());
        });
  }

  /** Stops renewing. */
  void close() {
    closed = true;
    if (renewTimer != null) {
      renewTimer.cancel();
      renewTimer = null;
    }
  }
}
