package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.vertx.core.Future;
import java.util.List;

/**
 * The swarm's seam to HTTP trackers, beside {@link PeerWireTransport} for the peer wire: announcing to
 * the trackers a metainfo names, and hosting the standard tracker on a port. {@link VertxTrackerAccess}
 * gives a node real HTTP on its event loop; {@link #NONE} stands where there is no HTTP (the
 * simulator), so the protocol code above never sees Vert.x.
 *
 * <p>Every method is called, and every future completes, on the event loop that owns the access.
 */
public interface TrackerAccess {

  /**
   * A peer source that announces to {@code announceUrls} (BEP 3, compact lists), one after the other
   * until one answers.
   *
   * @param peerId the 20-byte peer id announced
   * @throws IllegalArgumentException if {@code announceUrls} is empty
   */
  PeerSource client(List<String> announceUrls, byte[] peerId);

  /**
   * Hosts the standard HTTP tracker ({@code /announce}) on {@code host:port} (0: any free port), at
   * most one per access.
   *
   * @param clock the time the tracker expires announcements by
   * @return the announce URL, e.g. {@code http://127.0.0.1:6969/announce}; fails if the port is taken
   *     or HTTP is not available here
   */
  Future<String> host(String host, int port, Clock clock);

  /** Stops the hosted tracker (if any) and closes the HTTP client. Idempotent; never fails. */
  Future<Void> close();

  /**
   * No HTTP at all: every announce fails and hosting fails, each with a reason saying so. Used where
   * the swarm runs without Vert.x (the simulator's in-memory wire).
   */
  TrackerAccess NONE = new TrackerAccess() {
    @Override
    public PeerSource client(List<String> announceUrls, byte[] peerId) {
      if (announceUrls.isEmpty()) {
        throw new IllegalArgumentException("no tracker URL given");
      }
      List<String> urls = List.copyOf(announceUrls);
      return (hash, port, left, event) -> Future.failedFuture(new HopscotchException("no HTTP here: cannot announce to " + urls));
    }

    @Override
    public Future<String> host(String host, int port, Clock clock) {
      return Future.failedFuture(new HopscotchException("no HTTP here: cannot host a tracker on " + host + ":" + port));
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
}
