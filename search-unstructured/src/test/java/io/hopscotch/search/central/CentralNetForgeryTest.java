package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Signer;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.net.NetworkTransport;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.RemoteException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over loopback TLS: a client that sends the index server a registration in another node's name
 * loses its connection, and so does a holder that returns a forged record; the other nodes are
 * served as before and nothing genuine is lost.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CentralNetForgeryTest {

  private static final long AWAIT_SECONDS = 30;
  private final List<Node> nodes = new ArrayList<>();

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Throwable failure(Future<?> f) {
    try {
      Object v = f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + AWAIT_SECONDS + " s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private NodeEngine start(NodeOptions o) {
    Node n = Node.create(o.setHost("127.0.0.1").setPort(0).setRoutingOption("lease-ms", "120000"));
    nodes.add(n);
    await(n.start());
    return (NodeEngine) n;
  }

  @AfterEach
  void closeAll() {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aForgedRegistrationClosesThatConnectionAndChangesNothing() throws Exception {
    NodeEngine index = start(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true"));
    await(index.join(List.of()));
    NodeEngine alice = start(new NodeOptions().setRouting("central"));
    NodeEngine bob = start(new NodeOptions().setRouting("central"));
    NodeEngine mallory = start(new NodeOptions().setRouting("central"));
    for (NodeEngine n : List.of(alice, bob, mallory)) {
      await(n.join(List.of(index.self().address())));
    }
    await(alice.put("a1", utf8("one")));
    await(alice.put("a2", utf8("two")));
    IndexTable table = ((CentralIndex) index.routingStrategy()).indexTable();
    int registered = table.size();
    NetworkTransport malloryNet = (NetworkTransport) mallory.runtime().transport();
    assertThat(await(malloryNet.connectionCount())).isEqualTo(1);

    // Alice's genuine signature on an empty replacing registration would unregister all she shares.
    Signer aliceSigner = alice.runtime().signer();
    Registration inAlicesName = Registration.create(aliceSigner, alice.self(), Long.MAX_VALUE - 1,
        System.currentTimeMillis() + 60_000, true, List.of(), List.of());
    Throwable t = failure(malloryNet.request(index.self().address(), new CentralMessages.RegisterRequest(inAlicesName), 10_000));
    // The error is written before the close; which the sender sees first is up to the network.
    assertThat(t).isInstanceOfAny(RemoteException.class, PeerUnreachableException.class);
    eventually("the index server closed mallory's connection", () -> await(malloryNet.connectionCount()) == 0);
    assertThat(index.stats().counter("net.violations")).isEqualTo(1);
    assertThat(index.stats().counter("central.forged")).isEqualTo(1);

    assertThat(table.size()).isEqualTo(registered);
    assertThat(table.holders(Key.sha1("a1"), System.currentTimeMillis(), 8)).extracting(h -> h.peer().id()).containsExactly(alice.self().id());
    assertThat(await(bob.get("a1")).valueAsString()).contains("one");
    assertThat(await(bob.get("a2")).valueAsString()).contains("two");
    await(bob.put("b1", utf8("three")));
    assertThat(await(alice.get("b1")).valueAsString()).contains("three");
  }

  @Test
  void aHolderThatReturnsAForgedRecordLosesItsConnectionAndTheGenuineRecordIsStillRead() throws Exception {
    NodeEngine index = start(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true"));
    await(index.join(List.of()));
    NodeEngine alice = start(new NodeOptions().setRouting("central"));
    NodeEngine bob = start(new NodeOptions().setRouting("central"));
    await(alice.join(List.of(index.self().address())));
    await(bob.join(List.of(index.self().address())));
    await(alice.put("song", utf8("genuine")));
    NodeEngine forger = io.hopscotch.core.net.NetworkNode.create(new NodeOptions().setHost("127.0.0.1").setPort(0),
        new ForgingHolder(Key.sha1("song")), null);
    nodes.add(forger);
    await(forger.start());
    await(forger.join(List.of(index.self().address())));
    IndexTable table = ((CentralIndex) index.routingStrategy()).indexTable();
    assertThat(table.holders(Key.sha1("song"), System.currentTimeMillis(), 8)).hasSize(2);

    io.hopscotch.core.GetResult r = await(bob.get("song"));
    assertThat(r.records()).singleElement().satisfies(rec -> {
      assertThat(rec.publisher()).isEqualTo(alice.self().id());
      assertThat(rec.valueAsString()).isEqualTo("genuine");
    });
    assertThat(bob.stats().counter("records.forged")).isEqualTo(1);
    assertThat(bob.stats().counter("net.violations")).isEqualTo(1);
    NetworkTransport forgerNet = (NetworkTransport) forger.runtime().transport();
    // The forger keeps only its connection to the index server: bob closed his.
    eventually("bob closed his connection to the forger", () -> await(forgerNet.connectionCount()) == 1);
    await(alice.put("later", utf8("still served")));
    assertThat(await(bob.get("later")).valueAsString()).contains("still served");
  }

  /**
   * A holder that registers a key honestly with the index server, then answers every fetch with a
   * record whose value was changed after it was signed.
   */
  private static final class ForgingHolder implements io.hopscotch.core.spi.RoutingStrategy {
    private final Key key;
    private io.hopscotch.core.spi.StrategyContext ctx;

    ForgingHolder(Key key) {
      this.key = key;
    }

    @Override
    public String name() {
      return "test-forging-holder";
    }

    @Override
    public List<io.hopscotch.core.wire.MessageType<?>> messageTypes() {
      return CentralMessages.types();
    }

    @Override
    public void init(io.hopscotch.core.spi.StrategyContext context) {
      this.ctx = context;
    }

    @Override
    public Future<Void> join(List<io.hopscotch.core.Address> bootstrap) {
      Registration r = Registration.create(ctx.signer(), ctx.self(), 1, ctx.clock().millis() + 60_000, true,
          List.of(new SharedItem(key, List.of(), 7)), List.of());
      return ctx.transport().request(bootstrap.get(0), new CentralMessages.RegisterRequest(r), 10_000).mapEmpty();
    }

    @Override
    public Future<Void> put(io.hopscotch.core.Record record) {
      return Future.failedFuture("not supported");
    }

    @Override
    public Future<io.hopscotch.core.spi.Lookup> get(Key k) {
      return Future.failedFuture("not supported");
    }

    @Override
    public Future<List<io.hopscotch.core.SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public void onMessage(io.hopscotch.core.Peer from, io.hopscotch.core.wire.Message message) {
    }

    @Override
    public Future<io.hopscotch.core.wire.Message> onRequest(io.hopscotch.core.Peer from, io.hopscotch.core.wire.Message request) {
      if (request instanceof CentralMessages.FetchRequest f && f.key().equals(key)) {
        io.hopscotch.core.Record honest = io.hopscotch.core.Record.create(ctx.signer(), key, utf8("HONEST!"), List.of(), 1,
            ctx.clock().millis() + 60_000);
        return Future.succeededFuture(new CentralMessages.FetchResponse(List.of(forge(honest))));
      }
      return Future.failedFuture("unexpected " + request.type());
    }

    /** The record with one bit of its value flipped after signing. */
    private static io.hopscotch.core.Record forge(io.hopscotch.core.Record genuine) {
      io.hopscotch.core.wire.WireWriter w = new io.hopscotch.core.wire.WireWriter();
      genuine.write(w);
      byte[] bytes = w.toByteArray();
      byte[] value = genuine.value();
      for (int i = 0; i + value.length <= bytes.length; i++) {
        if (java.util.Arrays.equals(bytes, i, i + value.length, value, 0, value.length)) {
          bytes[i] ^= 1;
          return io.hopscotch.core.Record.read(new io.hopscotch.core.wire.WireReader(bytes));
        }
      }
      throw new AssertionError("value not found in the encoded record");
    }

    @Override
    public Future<Void> leave() {
      return Future.succeededFuture();
    }

    @Override
    public void close() {
    }

    @Override
    public int stateSize() {
      return 0;
    }
  }
}
