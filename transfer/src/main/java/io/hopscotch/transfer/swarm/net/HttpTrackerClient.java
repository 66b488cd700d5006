package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.hopscotch.transfer.swarm.tracker.AnnounceRequest;
import io.hopscotch.transfer.swarm.tracker.AnnounceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Locale;

/**
 * Announces to HTTP trackers (BEP 3, asking for compact peer lists), trying each URL in turn until one
 * answers. Must be used on a Vert.x event loop; callbacks run there.
 */
public final class HttpTrackerClient implements PeerSource {

  /** Request timeout in milliseconds. */
  public static final long TIMEOUT_MILLIS = 10_000;
  /** Largest response body accepted. */
  public static final int MAX_BODY = 1024 * 1024;

  private final HttpClient client;
  private final List<String> urls;
  private final byte[] peerId;

  /** A client for {@code urls}, announcing {@code peerId}. */
  public HttpTrackerClient(Vertx vertx, List<String> urls, byte[] peerId) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no tracker URL given");
    }
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS));
    this.urls = List.copyOf(urls);
    this.peerId = peerId.clone();
  }

  @Override
  public Future<List<PeerAddress>> announce(Key infoHash, int port, long left, Event event) {
    return tryFrom(0, infoHash, port, left, event, null);
  }

  private Future<List<PeerAddress>> tryFrom(int i, Key infoHash, int port, long left, Event event, Throwable last) {
    if (i >= urls.size()) {
      return Future.failedFuture(new HopscotchException("no tracker answered: " + (last == null ? "?" : last.getMessage()), last));
    }
    String url = urls.get(i);
    String query = "info_hash=" + AnnounceRequest.percentEncode(infoHash.toBytes()) + "&peer_id=" + AnnounceRequest.percentEncode(peerId)
        + "&port=" + port + "&uploaded=0&downloaded=0&left=" + left + "&compact=1&numwant=" + AnnounceRequest.DEFAULT_NUMWANT
        + (event == Event.NONE ? "" : "&event=" + event.name().toLowerCase(Locale.ROOT));
    String full = url + (url.contains("?") ? "&" : "?") + query;
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(full).setTimeout(TIMEOUT_MILLIS))
        .compose(req -> req.send())
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture(new HopscotchException("tracker " + url + " answered HTTP " + resp.statusCode()));
          }
          return resp.body();
        })
        .compose(body -> {
          if (body.length() > MAX_BODY) {
            return Future.failedFuture(new HopscotchException("tracker " + url + " sent " + body.length() + " bytes"));
          }
          try {
            return Future.succeededFuture(AnnounceResponse.parse(body.getBytes()).peers());
          } catch (RuntimeException e) {
            return Future.failedFuture(new HopscotchException("tracker " + url + ": " + e.getMessage(), e));
          }
        })
        .recover(e -> tryFrom(i + 1, infoHash, port, left, event, e));
  }

  /** Closes the HTTP client. */
  public Future<Void> close() {
    return client.close();
  }
}
