package io.hopscotch.transfer.swarm.net;

import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource;
import io.hopscotch.transfer.swarm.tracker.AnnounceRequest;
import io.hopscotch.transfer.swarm.tracker.AnnounceResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces to HTTP trackers (BEP 3, asking for compact peer lists), trying each URL in turn until one
 * answers. Reports the bytes uploaded and downloaded it is given, and keeps to the interval the
 * tracker asks for: a regular announce (no event) within that interval of the last answer returns the
 * peers of that answer without asking again (within {@link #NO_PEERS_RETRY_MILLIS} if that answer
 * named no peer and data is still wanted). A tracker that fails is logged at WARN once per new
 * reason, and its state is kept for {@link #status()}. Must be used on a Vert.x event loop; callbacks
 * run there.
 */
public final class HttpTrackerClient implements PeerSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTrackerClient.class);
  /** Request timeout in milliseconds. */
  public static final long TIMEOUT_MILLIS = 10_000;
  /** Largest response body accepted, in bytes; a longer one is cut off while it is read. */
  public static final int MAX_BODY = 1024 * 1024;
  /** The shortest re-announce interval kept to, in milliseconds, whatever the tracker asks. */
  public static final long MIN_INTERVAL_MILLIS = 30_000;
  /** The longest re-announce interval kept to, in milliseconds, whatever the tracker asks. */
  public static final long MAX_INTERVAL_MILLIS = 30 * 60_000;
  /**
   * After an answer that named no peer, a regular announce that still needs data ({@code left > 0})
   * asks again once this many milliseconds have passed, instead of waiting the whole interval: a
   * fetcher that announced a moment before the seeder should find it in seconds.
   */
  public static final long NO_PEERS_RETRY_MILLIS = 5_000;

  private final HttpClient client;
  private final boolean ownsClient;
  private final List<String> urls;
  private final byte[] peerId;
  private final Clock clock;
  /** Per URL, in order: what its last announce gave ("N peers") or why it failed. */
  private final Map<String, String> states = new LinkedHashMap<>();
  private List<PeerAddress> lastPeers = List.of();
  private long lastAnswerMillis = Long.MIN_VALUE;
  private long intervalMillis = MIN_INTERVAL_MILLIS;
  private boolean answered;

  /** A client for {@code urls}, announcing {@code peerId}, with its own HTTP client (closed by {@link #close}). */
  public HttpTrackerClient(Vertx vertx, List<String> urls, byte[] peerId) {
    this(vertx.createHttpClient(clientOptions()), true, urls, peerId, Clock.system());
  }

  /**
   * A client for {@code urls} over a shared HTTP client, which {@link #close} leaves open.
   *
   * @param clock the time the tracker's interval is kept by
   */
  public HttpTrackerClient(HttpClient client, List<String> urls, byte[] peerId, Clock clock) {
    this(client, false, urls, peerId, clock);
  }

  private HttpTrackerClient(HttpClient client, boolean ownsClient, List<String> urls, byte[] peerId, Clock clock) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no tracker URL given");
    }
    this.client = client;
    this.ownsClient = ownsClient;
    this.urls = List.copyOf(urls);
    this.peerId = peerId.clone();
    this.clock = clock;
    this.urls.forEach(u -> states.put(u, "not asked yet"));
  }

  /** The HTTP client's options, for its own client or a shared one: the connect timeout. */
  static HttpClientOptions clientOptions() {
    return new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS);
  }

  @Override
  public Future<List<PeerAddress>> announce(Key infoHash, int port, long left, Event event) {
    return announce(infoHash, port, 0, 0, left, event);
  }

  @Override
  public Future<List<PeerAddress>> announce(Key infoHash, int port, long uploaded, long downloaded, long left, Event event) {
    long now = clock.millis();
    long wait = lastPeers.isEmpty() && left > 0 ? Math.min(intervalMillis, NO_PEERS_RETRY_MILLIS) : intervalMillis;
    if (event == Event.NONE && answered && now - lastAnswerMillis < wait) {
      return Future.succeededFuture(lastPeers);
    }
    return tryFrom(0, infoHash, port, uploaded, downloaded, left, event, null);
  }

  private Future<List<PeerAddress>> tryFrom(int i, Key infoHash, int port, long uploaded, long downloaded, long left, Event event,
                                            Throwable last) {
    if (i >= urls.size()) {
      return Future.failedFuture(new HopscotchException("no tracker answered: " + (last == null ? "?" : last.getMessage()), last));
    }
    String url = urls.get(i);
    String query = "info_hash=" + AnnounceRequest.percentEncode(infoHash.toBytes()) + "&peer_id=" + AnnounceRequest.percentEncode(peerId)
        + "&port=" + port + "&uploaded=" + Math.max(0, uploaded) + "&downloaded=" + Math.max(0, downloaded) + "&left="
        + Math.max(0, left) + "&compact=1&numwant=" + AnnounceRequest.DEFAULT_NUMWANT
        + (event == Event.NONE ? "" : "&event=" + event.name().toLowerCase(Locale.ROOT));
    String full = url + (url.contains("?") ? "&" : "?") + query;
    Future<AnnounceResponse> answer;
    try {
      answer = client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(full).setTimeout(TIMEOUT_MILLIS))
          .compose(req -> req.send())
          .compose(resp -> {
            if (resp.statusCode() != 200) {
              resp.request().reset();
              return Future.failedFuture(new HopscotchException("tracker " + url + " answered HTTP " + resp.statusCode()));
            }
            return boundedBody(resp, url);
          })
          .compose(body -> {
            try {
              return Future.succeededFuture(AnnounceResponse.parse(body.getBytes()));
            } catch (RuntimeException e) {
              return Future.failedFuture(new HopscotchException("tracker " + url + ": " + e.getMessage(), e));
            }
          });
    } catch (RuntimeException e) {
      // a malformed URL fails here, before any request
      answer = Future.failedFuture(new HopscotchException("tracker " + url + ": " + e.getMessage(), e));
    }
    return answer.map(r -> {
      noteAnswer(url, r);
      return r.peers();
    }).recover(e -> {
      noteFailure(url, e);
      return tryFrom(i + 1, infoHash, port, uploaded, downloaded, left, event, e);
    });
  }

  /** Reads the body, failing (and resetting the request) as soon as more than {@link #MAX_BODY} bytes have come. */
  private static Future<Buffer> boundedBody(HttpClientResponse resp, String url) {
    String declared = resp.getHeader("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > MAX_BODY) {
          resp.request().reset();
          return Future.failedFuture(new HopscotchException("tracker " + url + " announced a body of " + declared.trim()
              + " bytes, more than " + MAX_BODY));
        }
      } catch (NumberFormatException e) {
        // no usable length: the bound is kept while reading
      }
    }
    Promise<Buffer> out = Promise.promise();
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (out.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > MAX_BODY) {
        out.tryFail(new HopscotchException("tracker " + url + " sent more than " + MAX_BODY + " bytes"));
        resp.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    resp.exceptionHandler(e -> out.tryFail(new HopscotchException("tracker " + url + ": " + e.getMessage(), e)));
    resp.endHandler(v -> out.tryComplete(body));
    return out.future();
  }

  private void noteAnswer(String url, AnnounceResponse r) {
    String before = states.put(url, r.peers().size() + " peers");
    if (before != null && !before.endsWith(" peers") && !before.equals("not asked yet")) {
      LOG.info("tracker {} answers again", url);
    }
    answered = true;
    lastPeers = r.peers();
    lastAnswerMillis = clock.millis();
    intervalMillis = Math.max(MIN_INTERVAL_MILLIS, Math.min(MAX_INTERVAL_MILLIS, r.intervalSeconds() * 1000L));
  }

  private void noteFailure(String url, Throwable e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String before = states.put(url, "failed: " + reason);
    if (!("failed: " + reason).equals(before)) {
      LOG.warn("tracker {} failed: {}", url, reason);
    } else {
      LOG.debug("tracker {} failed again: {}", url, reason);
    }
  }

  /**
   * Each tracker URL with what its last announce gave: {@code "URL: N peers"}, {@code "URL: failed:
   * REASON"} or {@code "URL: not asked yet"}.
   */
  public List<String> status() {
    List<String> out = new ArrayList<>();
    states.forEach((u, s) -> out.add(u + ": " + s));
    return out;
  }

  /** True once some tracker has answered an announce. */
  public boolean answered() {
    return answered;
  }

  /** The re-announce interval now kept to, in milliseconds (the tracker's, within the bounds). */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** Closes the HTTP client if this client made it. */
  public Future<Void> close() {
    return ownsClient ? client.close() : Future.succeededFuture();
  }
}
