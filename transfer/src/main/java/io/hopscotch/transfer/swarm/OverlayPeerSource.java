package io.hopscotch.transfer.swarm;

import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay as tracker: a peer stores a signed record with its address under the info-hash through
 * whatever routing the node runs (renewed at half its lifetime), and reads every other peer's record
 * from there.
 */
final class OverlayPeerSource implements PeerSource {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayPeerSource.class);

  private final StrategyContext ctx;
  private final PeerAddress self;
  private final long ttlMillis;
  private final List<String> keywords;
  private long lastPutMillis = Long.MIN_VALUE;

  OverlayPeerSource(StrategyContext ctx, PeerAddress self, long ttlMillis, List<String> keywords) {
    this.ctx = ctx;
    this.self = self;
    this.ttlMillis = ttlMillis;
    this.keywords = List.copyOf(keywords);
  }

  @Override
  public Future<List<PeerAddress>> announce(Key infoHash, int port, long left, Event event) {
    if (event == Event.STOPPED) {
      return Future.succeededFuture(List.of());
    }
    long now = ctx.clock().millis();
    Future<Void> put;
    if (event != Event.NONE || now - lastPutMillis >= ttlMillis / 2) {
      lastPutMillis = now;
      put = ctx.overlay().put(infoHash, PeerAnnouncement.encode(self), keywords, ttlMillis)
          .recover(e -> {
            LOG.debug("announcing {} in the overlay failed: {}", infoHash.toHex(), e.getMessage());
            return Future.succeededFuture();
          });
    } else {
      put = Future.succeededFuture();
    }
    return put.compose(v -> ctx.overlay().get(infoHash)).map(records -> peersIn(infoHash, records));
  }

  /** The peers other than this one that the records under {@code infoHash} announce; malformed ones are skipped. */
  List<PeerAddress> peersIn(Key infoHash, List<Record> records) {
    List<PeerAddress> out = new ArrayList<>();
    for (Record r : records) {
      try {
        PeerAddress a = PeerAnnouncement.decode(r.value());
        if (!a.equals(self) && !r.publisher().equals(ctx.self().id())) {
          out.add(a);
        }
      } catch (RuntimeException e) {
        LOG.debug("ignoring a malformed swarm announcement under {}: {}", infoHash.toHex(), e.getMessage());
      }
    }
    return out;
  }
}
