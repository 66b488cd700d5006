package io.hopscotch.transfer.swarm.session;

import io.hopscotch.core.Key;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where a swarm session finds other peers and makes itself known: the overlay (announcing under the
 * info-hash through the node's routing), an HTTP tracker, or a fixed list.
 */
public interface PeerSource {

  /** Announce events of BEP 3. */
  enum Event { STARTED, COMPLETED, STOPPED, NONE }

  /**
   * Announces this peer and returns peers of the swarm (possibly including this one, which the caller
   * skips).
   *
   * @param port the port this peer accepts connections on
   * @param left bytes still missing
   */
  Future<List<PeerAddress>> announce(Key infoHash, int port, long left, Event event);

  /**
   * Announces as {@link #announce(Key, int, long, Event)} does, also reporting what this peer has
   * moved of the torrent since it started (BEP 3 {@code uploaded} and {@code downloaded}); sources
   * that have no use for the counters ignore them, as this default does.
   *
   * @param uploaded bytes uploaded to peers
   * @param downloaded bytes of blocks received from peers
   */
  default Future<List<PeerAddress>> announce(Key infoHash, int port, long uploaded, long downloaded, long left, Event event) {
    return announce(infoHash, port, left, event);
  }

  /**
   * Announces to every source and merges their peers; fails only if all of them fail.
   */
  static PeerSource combined(List<PeerSource> sources) {
    List<PeerSource> copy = List.copyOf(sources);
    return new PeerSource() {
      @Override
      public Future<List<PeerAddress>> announce(Key hash, int port, long left, Event event) {
        return announce(hash, port, 0, 0, left, event);
      }

      @Override
      public Future<List<PeerAddress>> announce(Key hash, int port, long uploaded, long downloaded, long left, Event event) {
        List<Future<List<PeerAddress>>> all = new java.util.ArrayList<>();
        copy.forEach(s -> all.add(s.announce(hash, port, uploaded, downloaded, left, event)));
        return merged(all);
      }
    };
  }

  private static Future<List<PeerAddress>> merged(List<Future<List<PeerAddress>>> all) {
    return Future.join(all).transform(ar -> {
      java.util.LinkedHashSet<PeerAddress> out = new java.util.LinkedHashSet<>();
      Throwable last = null;
      int ok = 0;
      for (Future<List<PeerAddress>> f : all) {
        if (f.succeeded()) {
          out.addAll(f.result());
          ok++;
        } else {
          last = f.cause();
        }
      }
      return ok > 0 || all.isEmpty() ? Future.succeededFuture(List.copyOf(out)) : Future.failedFuture(last);
    });
  }

  /** A fixed list of peers, announcing nothing. */
  static PeerSource fixed(List<PeerAddress> peers) {
    List<PeerAddress> copy = List.copyOf(peers);
    return (hash, port, left, event) -> Future.succeededFuture(copy);
  }
}
