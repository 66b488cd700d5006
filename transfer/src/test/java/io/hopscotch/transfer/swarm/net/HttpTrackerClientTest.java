package io.hopscotch.transfer.swarm.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Key;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.PeerSource.Event;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP tracker client against small fake trackers on loopback: a body longer than the bound is cut
 * off while it is read, the counters given are reported, and the tracker's interval is kept to within
 * bounds.
 */
class HttpTrackerClientTest {

  private static final Key HASH = Key.sha1("content");
  private final LoopbackSupport loop = new LoopbackSupport();

  @AfterEach
  void close() {
    loop.close();
  }

  private HttpServer server(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
    return loop.on(() -> loop.vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
  }

  private static String url(HttpServer s) {
    return "http://127.0.0.1:" + s.actualPort() + "/announce";
  }

  @Test
  void anEndlessBodyIsCutOffOnceItPassesTheBound() throws InterruptedException {
    long total = 64L * 1024 * 1024;
    AtomicLong written = new AtomicLong();
    AtomicBoolean closedEarly = new AtomicBoolean();
    HttpServer s = server(req -> {
      HttpServerResponse resp = req.response().setChunked(true);
      resp.closeHandler(v -> closedEarly.set(written.get() < total));
      Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (written.get() < total && !resp.writeQueueFull() && !resp.closed()) {
          resp.write(chunk);
          written.addAndGet(chunk.length());
        }
        if (written.get() >= total) {
          resp.end();
        } else if (!resp.closed()) {
          resp.drainHandler(v -> pump[0].run());
        }
      };
      pump[0].run();
    });
    HttpTrackerClient c = loop.on(() -> Future.succeededFuture(new HttpTrackerClient(loop.vertx, List.of(url(s)), new byte[20])));
    assertThatThrownBy(() -> loop.on(() -> c.announce(HASH, 6881, 1, Event.STARTED)))
        .hasMessageContaining("sent more than " + HttpTrackerClient.MAX_BODY + " bytes");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!closedEarly.get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(closedEarly).as("the tracker's connection is closed before it has sent everything").isTrue();
    assertThat(c.status().get(0)).contains("failed: ").contains("more than");
  }

  @Test
  void aBodyDeclaredTooLongIsRefusedBeforeItIsRead() {
    HttpServer s = server(req -> req.response().putHeader("Content-Length", Long.toString(1L << 40)).write("d8:intervali60ee"));
    HttpTrackerClient c = loop.on(() -> Future.succeededFuture(new HttpTrackerClient(loop.vertx, List.of(url(s)), new byte[20])));
    assertThatThrownBy(() -> loop.on(() -> c.announce(HASH, 6881, 1, Event.STARTED)))
        .hasMessageContaining("announced a body of " + (1L << 40) + " bytes");
  }

  /** A clock the test moves. */
  private static final class TestClock implements Clock {
    volatile long millis = 1_000_000;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public long nanos() {
      return millis * 1_000_000;
    }
  }

  @Test
  void anAnswerWithNoPeersIsAskedAgainSoonWhileDataIsWanted() {
    List<String> queries = new CopyOnWriteArrayList<>();
    HttpServer s = server(req -> {
      queries.add(req.query());
      req.response().end(Buffer.buffer(Bencode.encode(BValue.dict().put("interval", 1800).put("peers", new byte[0]).build())));
    });
    TestClock clock = new TestClock();
    HttpClient http = loop.on(() -> Future.succeededFuture(loop.vertx.createHttpClient()));
    HttpTrackerClient c = new HttpTrackerClient(http, List.of(url(s)), new byte[20], clock);
    assertThat(loop.<List<PeerAddress>>on(() -> c.announce(HASH, 6881, 0, 0, 100, Event.STARTED))).isEmpty();
    clock.millis += HttpTrackerClient.NO_PEERS_RETRY_MILLIS - 1;
    loop.on(() -> c.announce(HASH, 6881, 0, 0, 100, Event.NONE));
    assertThat(queries).as("too soon: the last answer is reused").hasSize(1);
    clock.millis += 1;
    loop.on(() -> c.announce(HASH, 6881, 0, 0, 100, Event.NONE));
    assertThat(queries).as("no peer yet and data wanted: asked again").hasSize(2);
    clock.millis += HttpTrackerClient.NO_PEERS_RETRY_MILLIS;
    loop.on(() -> c.announce(HASH, 6881, 0, 0, 0, Event.NONE));
    assertThat(queries).as("a seed waits the whole interval").hasSize(2);
  }

  @Test
  void countersAreReportedAndTheTrackersIntervalIsKeptWithinBounds() {
    List<String> queries = new CopyOnWriteArrayList<>();
    long[] interval = {3600};
    HttpServer s = server(req -> {
      queries.add(req.query());
      byte[] body = Bencode.encode(BValue.dict().put("interval", interval[0])
          .put("peers", new byte[] {127, 0, 0, 1, 0x1A, (byte) 0xE1}).build());
      req.response().end(Buffer.buffer(body));
    });
    TestClock clock = new TestClock();
    HttpClient http = loop.on(() -> Future.succeededFuture(loop.vertx.createHttpClient()));
    HttpTrackerClient c = new HttpTrackerClient(http, List.of(url(s)), new byte[20], clock);
    List<PeerAddress> peers = loop.on(() -> c.announce(HASH, 6881, 5000, 7000, 123, Event.STARTED));
    assertThat(peers).containsExactly(new PeerAddress("127.0.0.1", 6881));
    assertThat(queries).hasSize(1);
    assertThat(queries.get(0)).contains("uploaded=5000").contains("downloaded=7000").contains("left=123").contains("event=started");
    // an hour asked, 30 minutes kept: a regular announce before then is answered from the last reply
    assertThat(c.intervalMillis()).isEqualTo(HttpTrackerClient.MAX_INTERVAL_MILLIS);
    clock.millis += 29 * 60_000;
    assertThat(loop.<List<PeerAddress>>on(() -> c.announce(HASH, 6881, 1, 2, 3, Event.NONE))).isEqualTo(peers);
    assertThat(queries).hasSize(1);
    // an event always goes out
    loop.on(() -> c.announce(HASH, 6881, 1, 2, 0, Event.COMPLETED));
    assertThat(queries).hasSize(2);
    clock.millis += HttpTrackerClient.MAX_INTERVAL_MILLIS;
    interval[0] = 1; // one second asked, 30 s kept
    loop.on(() -> c.announce(HASH, 6881, 1, 2, 0, Event.NONE));
    assertThat(queries).hasSize(3);
    assertThat(queries.get(2)).doesNotContain("event=");
    assertThat(c.intervalMillis()).isEqualTo(HttpTrackerClient.MIN_INTERVAL_MILLIS);
    clock.millis += 10_000;
    loop.on(() -> c.announce(HASH, 6881, 1, 2, 0, Event.NONE));
    assertThat(queries).hasSize(3);
    clock.millis += HttpTrackerClient.MIN_INTERVAL_MILLIS;
    loop.on(() -> c.announce(HASH, 6881, 1, 2, 0, Event.NONE));
    assertThat(queries).hasSize(4);
    assertThat(c.status()).containsExactly(url(s) + ": 1 peers");
  }
}
