package io.hopscotch.core.net;

import static io.hopscotch.core.net.NetTestSupport.await;
import static io.hopscotch.core.net.NetTestSupport.echo;
import static io.hopscotch.core.net.NetTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.impl.NodeEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Threads and ports: what a node takes, and that closing gives it all back. */
class NodeLifecycleTest {

  private static Set<Thread> liveThreads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  private static boolean ours(Thread t) {
    String n = t.getName().toLowerCase(java.util.Locale.ROOT);
    return n.contains("vert.x") || n.contains("vertx") || !t.isDaemon();
  }

  /** Threads started since {@code before} that belong to Vert.x or would keep the JVM alive. */
  private static List<String> newThreads(Set<Thread> before) {
    return liveThreads().stream().filter(t -> !before.contains(t) && t.isAlive() && ours(t))
        .map(Thread::getName).sorted().collect(Collectors.toList());
  }

  @Test
  void closingTheLastNodeLeavesNoThreadAndFreesThePort() throws Exception {
    eventually("no shared Vert.x left by earlier tests", () -> SharedVertx.references() == 0);
    Set<Thread> before = liveThreads();
    int port;
    try (NetTestSupport nodes = new NetTestSupport()) {
      NodeEngine a = nodes.start();
      NodeEngine b = nodes.start();
      NodeEngine c = nodes.start(NetTestSupport.options().setFirewalled(true));
      port = a.self().address().port();
      await(echo(b).ctx.transport().request(a.self(), new EchoStrategy.Echo("x")));
      await(echo(c).ctx.transport().request(a.self(), new EchoStrategy.Echo("y")));
      assertThat(SharedVertx.references()).isEqualTo(3);
      assertThat(newThreads(before)).isNotEmpty();
    }
    assertThat(SharedVertx.references()).isZero();
    AtomicReference<List<String>> left = new AtomicReference<>();
    eventually("every Vert.x thread ends", () -> {
      left.set(newThreads(before));
      return left.get().isEmpty();
    });
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void theThreadCountDoesNotGrowWithTheNodeCount() {
    try (NetTestSupport nodes = new NetTestSupport()) {
      NodeEngine first = nodes.start();
      List<NodeEngine> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(nodes.start());
      }
      List<Future<?>> asks = new ArrayList<>();
      for (NodeEngine n : all) {
        asks.add(echo(n).ctx.transport().request(first.self(), new EchoStrategy.Echo("hi")));
      }
      await(Future.all(new ArrayList<>(asks)));
      long loops = liveThreads().stream().filter(t -> t.getName().startsWith("vert.x-eventloop-thread")).count();
      assertThat(loops).isLessThanOrEqualTo(2L * Runtime.getRuntime().availableProcessors());
      assertThat(SharedVertx.references()).isEqualTo(13);
    }
  }

  @Test
  void aSuppliedVertxIsNotClosedByTheNode() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeOptions o = NetTestSupport.options().setVertx(vertx);
      NodeEngine a = NetworkNode.create(o, new EchoStrategy(), null);
      NodeEngine b = NetworkNode.create(o, new EchoStrategy(), null);
      await(a.start());
      await(b.start());
      assertThat(SharedVertx.references()).isZero();
      await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("x")));
      await(a.close());
      await(b.close());
      await(vertx.timer(1)); // still running
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void eachNodeRunsOnItsOwnContextEvenWhenCreatedOnAVertxThread() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeOptions o = NetTestSupport.options().setVertx(vertx);
      Future<List<Object>> contexts = vertx.getOrCreateContext().executeBlocking(() -> null).compose(x -> {
        // created from inside a context: each node must still get a fresh one
        NodeEngine a = NetworkNode.create(o, new EchoStrategy(), null);
        NodeEngine b = NetworkNode.create(o, new EchoStrategy(), null);
        Object ca = ((NetworkRuntime) a.runtime()).context();
        Object cb = ((NetworkRuntime) b.runtime()).context();
        return Future.succeededFuture(List.of(ca, cb, Vertx.currentContext()));
      });
      List<Object> cs = await(contexts);
      assertThat(cs.get(0)).isNotSameAs(cs.get(1)).isNotSameAs(cs.get(2));
      assertThat(cs.get(1)).isNotSameAs(cs.get(2));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void timersAndExecuteRunOnTheNodesContext() {
    try (NetTestSupport nodes = new NetTestSupport()) {
      NodeEngine a = nodes.start();
      Object ctx = ((NetworkRuntime) a.runtime()).context();
      io.vertx.core.Promise<Object> fromTimer = io.vertx.core.Promise.promise();
      a.runtime().timers().once(5, () -> fromTimer.complete(Vertx.currentContext()));
      assertThat(await(fromTimer.future())).isSameAs(ctx);
      io.vertx.core.Promise<Integer> ticks = io.vertx.core.Promise.promise();
      int[] n = new int[1];
      io.hopscotch.core.spi.Timers.Timer[] t = new io.hopscotch.core.spi.Timers.Timer[1];
      t[0] = a.runtime().timers().periodic(5, 5, () -> {
        if (Vertx.currentContext() != ctx) {
          ticks.tryFail("periodic timer ran off the node's context");
        }
        if (++n[0] == 3) {
          t[0].cancel();
          ticks.tryComplete(n[0]);
        }
      });
      assertThat(await(ticks.future())).isEqualTo(3);
      io.vertx.core.Promise<Object> fromExecute = io.vertx.core.Promise.promise();
      a.runtime().execute(() -> fromExecute.complete(Vertx.currentContext()));
      assertThat(await(fromExecute.future())).isSameAs(ctx);
    }
  }

  @Test
  void nodeCreateUsesTheNetworkNode() {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Node.create(new NodeOptions().setRouting("no-such-routing")));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-routing");
    assertThat(SharedVertx.references()).isZero();
  }

  @Test
  void aNodeNeverStartedClosesAndReleasesVertx() {
    NodeEngine n = NetworkNode.create(NetTestSupport.options(), new EchoStrategy(), null);
    assertThat(SharedVertx.references()).isPositive();
    await(n.close());
    await(n.close()); // idempotent
    assertThat(SharedVertx.references()).isZero();
  }

  @Test
  void aPortInUseFailsStartNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      NodeEngine n = NetworkNode.create(NetTestSupport.options().setPort(port), new EchoStrategy(), null);
      try {
        Throwable t = NetTestSupport.failure(n.start());
        assertThat(t).hasMessageContaining("cannot listen on 127.0.0.1:" + port);
      } finally {
        await(n.close());
      }
    }
    assertThat(SharedVertx.references()).isZero();
  }
}
