package io.hopscotch.core.sim;

import static io.hopscotch.core.sim.SimTestSupport.cluster;
import static io.hopscotch.core.sim.SimTestSupport.ctx;
import static io.hopscotch.core.sim.SimTestSupport.flatNode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hopscotch.core.Address;
import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.spi.PeerIdMismatchException;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static final int FRAME = 16;

  /** A fixed workload with loss: a gossiping cluster, puts and gets, a crash. Returns what must repeat. */
  private static Object[] workload(long seed) {
    try (Simulation sim = Simulation.builder().seed(seed).lossRate(0.01).build()) {
      List<SimNode> nodes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        SimNode n = flatNode(sim, 500, 200);
        n.join(i == 0 ? List.of() : List.of(nodes.get(0).address()));
        nodes.add(n);
        sim.runFor(300);
      }
      sim.runFor(2_000);
      for (int i = 0; i < 20; i++) {
        nodes.get(i % nodes.size()).put("key-" + i, ("value-" + i).getBytes(UTF_8));
      }
      sim.runFor(1_000);
      sim.crash(nodes.get(3));
      sim.runFor(5_000);
      for (int i = 0; i < 20; i++) {
        SimNode n = nodes.get((i * 7) % nodes.size());
        if (n.isAlive()) {
          n.get("key-" + i);
        }
      }
      sim.runFor(10_000);
      return new Object[] {sim.traceHash(), sim.aggregateStats().toJson().encode(), sim.eventsProcessed(), sim.now()};
    }
  }

  @Test
  void sameSeedGivesTheSameRunAndAnotherSeedAnotherRun() {
    Object[] a = workload(7);
    Object[] b = workload(7);
    Object[] c = workload(8);
    assertThat(b).containsExactly(a);
    assertThat(c[0]).isNotEqualTo(a[0]);
  }

  @Test
  void putAndGetWorkThroughTheEngine() {
    try (Simulation sim = Simulation.builder().seed(3).build()) {
      List<SimNode> nodes = cluster(sim, 8, 0, 0);
      assertThat(nodes).allSatisfy(n -> assertThat(n.stateSize()).isEqualTo(8));
      sim.await(nodes.get(2).put("greeting", "hello".getBytes(UTF_8)));
      GetResult r = sim.await(nodes.get(5).get("greeting"));
      assertThat(r.records()).hasSize(1);
      assertThat(r.records().get(0).valueAsString()).isEqualTo("hello");
      assertThat(r.records().get(0).publisher()).isEqualTo(nodes.get(2).id());
      assertThat(sim.aggregateStats().lookups()).isEqualTo(1);
    }
  }

  @Test
  void requestRoundTripIsTwoLatenciesPlusTransmission() {
    long oneWay = 7_000;
    long rate = 1_000_000;
    try (Simulation sim = Simulation.builder().latency(LatencyModel.constant(oneWay)).bandwidth(rate).build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode b = flatNode(sim, 0, 0);
      FlatTestStrategy.Fetch req = new FlatTestStrategy.Fetch(Key.sha1("x"));
      FlatTestStrategy.Found resp = new FlatTestStrategy.Found(List.of());
      long t0 = sim.clock().nanos();
      sim.await(ctx(a).transport().request(b.self(), req));
      long rttMicros = (sim.clock().nanos() - t0) / 1000;
      long tx = micros(req.encodedSize() + FRAME, rate) + micros(resp.encodedSize() + FRAME, rate);
      assertThat(rttMicros).isEqualTo(2 * oneWay + tx);
      Stats.Traffic t = a.stats().traffic().get("flat.fetch");
      assertThat(t.sent()).isEqualTo(1);
      assertThat(t.sentBytes()).isEqualTo(req.encodedSize() + FRAME);
      assertThat(b.stats().traffic().get("flat.found").sent()).isEqualTo(1);
      assertThat(a.stats().traffic().get("flat.found").received()).isEqualTo(1);
    }
  }

  private static long micros(long bytes, long rate) {
    return (bytes * 1_000_000 + rate - 1) / rate;
  }

  @Test
  void coordinatesLatencyIsDeterministicSymmetricAndBounded() {
    LatencyModel m = LatencyModel.coordinates(5, 100);
    LatencyModel same = LatencyModel.coordinates(5, 100);
    for (int i = 0; i < 200; i++) {
      int j = (i * 31 + 7) % 500;
      assertThat(m.oneWayMicros(i, j)).isEqualTo(same.oneWayMicros(i, j)).isEqualTo(m.oneWayMicros(j, i))
          .isBetween(1_000L, 101_000L);
    }
    assertThat(m.oneWayMicros(4, 4)).isEqualTo(1_000);
    assertThat(LatencyModel.coordinates(6, 100).oneWayMicros(1, 2)).isNotEqualTo(m.oneWayMicros(1, 2));
  }

  @Test
  void lossDropsRoughlyTheConfiguredFraction() {
    try (Simulation sim = Simulation.builder().seed(11).lossRate(0.2).build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode b = flatNode(sim, 0, 0);
      int n = 5_000;
      for (int i = 0; i < n; i++) {
        ctx(a).transport().send(b.self(), new FlatTestStrategy.Ping(i));
      }
      assertThat(sim.runUntilIdle(60_000)).isTrue();
      long received = b.stats().traffic().get("flat.ping").received();
      assertThat((double) received / n).isCloseTo(0.8, within(0.03));
      assertThat(a.stats().counter("sim.dropped.loss")).isEqualTo(n - received);
    }
  }

  @Test
  void partitionDropsMessagesAcrossTheCutAndHealRestoresThem() {
    try (Simulation sim = Simulation.builder().seed(2).build()) {
      List<SimNode> nodes = cluster(sim, 4, 0, 0);
      SimNode a = nodes.get(0);
      SimNode b = nodes.get(1);
      SimNode c = nodes.get(2);
      sim.partition(List.of(a, b));
      FlatTestStrategy.Fetch req = new FlatTestStrategy.Fetch(Key.sha1("x"));
      assertThat(sim.await(ctx(a).transport().request(b.self(), req))).isInstanceOf(FlatTestStrategy.Found.class);
      long t0 = sim.now();
      Throwable t = sim.awaitFailure(ctx(a).transport().request(c.self(), req, 2_000));
      assertThat(t).isInstanceOf(RequestTimeoutException.class);
      assertThat(sim.now() - t0).isEqualTo(2_000);
      ctx(c).transport().send(a.self(), new FlatTestStrategy.Ping(1));
      sim.runUntilIdle(10_000);
      assertThat(a.stats().traffic().get("flat.ping")).isNull();
      sim.heal();
      assertThat(sim.await(ctx(a).transport().request(c.self(), req))).isInstanceOf(FlatTestStrategy.Found.class);
      ctx(c).transport().send(a.self(), new FlatTestStrategy.Ping(2));
      sim.runUntilIdle(10_000);
      assertThat(a.stats().traffic().get("flat.ping").received()).isEqualTo(1);
    }
  }

  @Test
  void crashMakesRequestsFailAfterOneRoundTripAndRestartKeepsTheIdentity() {
    long oneWay = 4_000;
    try (Simulation sim = Simulation.builder().latency(LatencyModel.constant(oneWay)).build()) {
      List<SimNode> nodes = cluster(sim, 3, 0, 0);
      SimNode a = nodes.get(0);
      SimNode b = nodes.get(1);
      Key key = Key.sha1("k");
      sim.await(ctx(b).overlay().put(key, new byte[] {1}, List.of(), 60_000));
      int stored = nodes.stream().mapToInt(SimNode::storedRecords).sum();
      assertThat(stored).isEqualTo(1);
      sim.crash(b);
      assertThat(b.isAlive()).isFalse();
      assertThat(sim.liveNodes()).containsExactly(a, nodes.get(2));
      long t0 = sim.clock().nanos();
      Throwable t = sim.awaitFailure(ctx(a).transport().request(b.self(), new FlatTestStrategy.Fetch(key)));
      assertThat(t).isInstanceOf(PeerUnreachableException.class);
      long elapsed = (sim.clock().nanos() - t0) / 1000;
      assertThat(elapsed).isGreaterThanOrEqualTo(2 * oneWay).isLessThan(2 * oneWay + 1_000);

      SimNode b2 = sim.restart(b);
      assertThat(b2).isNotSameAs(b);
      assertThat(b2.isAlive()).isTrue();
      assertThat(b2.index()).isEqualTo(b.index());
      assertThat(b2.incarnation()).isEqualTo(1);
      assertThat(b2.id()).isEqualTo(b.id());
      assertThat(b2.self()).isEqualTo(b.self());
      assertThat(sim.nodes().get(1)).isSameAs(b2);
      assertThat(b2.storedRecords()).isZero();
      assertThat(sim.await(ctx(a).transport().request(b.self(), new FlatTestStrategy.Fetch(key))))
          .isInstanceOf(FlatTestStrategy.Found.class);
    }
  }

  @Test
  void crashedNodesTimersStopAndClosedNodesAreUnreachable() {
    try (Simulation sim = Simulation.builder().build()) {
      List<SimNode> nodes = cluster(sim, 3, 100, 10);
      sim.runFor(1_000);
      SimNode b = nodes.get(1);
      sim.crash(b);
      long sent = b.stats().messagesSent();
      sim.runFor(5_000);
      assertThat(b.stats().messagesSent()).isEqualTo(sent);
      SimNode c = nodes.get(2);
      sim.await(c.close());
      assertThat(c.isAlive()).isFalse();
      assertThat(sim.awaitFailure(ctx(nodes.get(0)).transport().request(c.self(), new FlatTestStrategy.Fetch(Key.ZERO))))
          .isInstanceOf(PeerUnreachableException.class);
      assertThat(sim.liveNodes()).containsExactly(nodes.get(0));
    }
  }

  @Test
  void wrongIdUnknownAddressAndRemoteFailureAreReported() {
    try (Simulation sim = Simulation.builder().build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode b = flatNode(sim, 0, 0);
      StrategyContext c = ctx(a);
      Message fetch = new FlatTestStrategy.Fetch(Key.ZERO);
      assertThat(sim.awaitFailure(c.transport().request(new Peer(Key.sha1("impostor"), b.address()), fetch)))
          .isInstanceOf(PeerIdMismatchException.class);
      assertThat(sim.awaitFailure(c.transport().request(Address.of("sim-99", 1), fetch, 1_000)))
          .isInstanceOf(PeerUnreachableException.class);
      assertThat(sim.awaitFailure(c.transport().request(Address.of("127.0.0.1", 7000), fetch, 1_000)))
          .isInstanceOf(PeerUnreachableException.class);
      assertThat(sim.await(c.transport().request(b.address(), fetch, 1_000))).isInstanceOf(FlatTestStrategy.Found.class);
      Throwable t = sim.awaitFailure(c.transport().request(b.self(), new FlatTestStrategy.Ack(true)));
      assertThat(t).isInstanceOf(RemoteException.class).hasMessageContaining("unexpected");
      assertThat(b.stats().traffic().get(SimNetwork.ERROR_TYPE).sent()).isEqualTo(1);
    }
  }

  @Test
  void timersFireAtTheirVirtualTimesAndJitterStaysWithinBounds() {
    try (Simulation sim = Simulation.builder().seed(9).build()) {
      SimNode a = flatNode(sim, 0, 0);
      Timers timers = ctx(a).timers();
      long t0 = sim.clock().nanos() / 1000;
      List<Long> once = new ArrayList<>();
      timers.once(250, () -> once.add(sim.clock().nanos() / 1000));
      Timers.Timer cancelled = timers.once(100, () -> once.add(-1L));
      cancelled.cancel();
      List<Long> fired = new ArrayList<>();
      Timers.Timer p = timers.periodic(1_000, 100, () -> fired.add(sim.clock().nanos() / 1000));
      sim.runFor(20_500);
      assertThat(once).containsExactly(t0 + 250_000);
      assertThat(fired).hasSize(20);
      Set<Long> jitters = new java.util.HashSet<>();
      for (int k = 0; k < fired.size(); k++) {
        long nominal = t0 + (k + 1) * 1_000_000L;
        assertThat(fired.get(k)).isBetween(nominal, nominal + 100_000);
        jitters.add(fired.get(k) - nominal);
      }
      assertThat(jitters.size()).isGreaterThan(10);
      p.cancel();
      assertThat(sim.runUntilIdle(10_000)).isTrue();
      assertThat(fired).hasSize(20);
      assertThatThrownBy(() -> timers.once(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> timers.periodic(0, 0, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void runUntilIdleStopsAtTheLimitWhilePeriodicTimersRun() {
    try (Simulation sim = Simulation.builder().build()) {
      SimNode a = flatNode(sim, 0, 0);
      assertThat(sim.runUntilIdle(1_000)).isTrue();
      ctx(a).timers().periodic(100, 0, () -> { });
      long start = sim.now();
      assertThat(sim.runUntilIdle(5_000)).isFalse();
      assertThat(sim.now()).isEqualTo(start + 5_000);
      assertThat(sim.now()).isEqualTo(Simulation.DEFAULT_START_MILLIS + 5_000);
    }
  }

  @Test
  void firewalledNodeIsReachableOnlyByPeersItContacted() {
    try (Simulation sim = Simulation.builder().build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode f = sim.addNode(SimTestSupport.options().setFirewalled(true), () -> new FlatTestStrategy(), () -> null);
      Message fetch = new FlatTestStrategy.Fetch(Key.ZERO);
      assertThat(sim.awaitFailure(ctx(a).transport().request(f.self(), fetch))).isInstanceOf(PeerUnreachableException.class);
      ctx(a).transport().send(f.self(), new FlatTestStrategy.Ping(1));
      sim.runUntilIdle(10_000);
      assertThat(f.stats().traffic().get("flat.ping")).isNull();
      assertThat(sim.await(ctx(f).transport().request(a.self(), fetch))).isInstanceOf(FlatTestStrategy.Found.class);
      assertThat(sim.await(ctx(a).transport().request(f.self(), fetch))).isInstanceOf(FlatTestStrategy.Found.class);
      SimNode f2 = sim.restart(f);
      assertThat(sim.awaitFailure(ctx(a).transport().request(f2.self(), fetch))).isInstanceOf(PeerUnreachableException.class);
    }
  }

  @Test
  void encodedMessagesSurviveTheRoundTripAndCodecBugsAreCaught() {
    try (Simulation sim = Simulation.builder().encodeMessages(true).build()) {
      List<SimNode> nodes = cluster(sim, 5, 200, 50);
      sim.await(nodes.get(1).put("k", "v".getBytes(UTF_8)));
      assertThat(sim.await(nodes.get(4).get("k")).records()).hasSize(1);
      sim.runFor(2_000);
      assertThat(sim.aggregateStats().counter("flat.pings_received")).isPositive();
      Message lying = new Message() {
        @Override
        public MessageType<?> type() {
          return FlatTestStrategy.Ping.TYPE;
        }

        @Override
        public void write(WireWriter out) {
          out.writeLong(1);
        }

        @Override
        public int encodedSize() {
          return 3;
        }
      };
      assertThatThrownBy(() -> ctx(nodes.get(0)).transport().send(nodes.get(1).self(), lying))
          .isInstanceOf(SimulationException.class).hasMessageContaining("encodedSize");
      Message truncated = new Message() {
        @Override
        public MessageType<?> type() {
          return FlatTestStrategy.Ping.TYPE;
        }

        @Override
        public void write(WireWriter out) {
          out.writeInt(1);
        }
      };
      ctx(nodes.get(0)).transport().send(nodes.get(1).self(), truncated);
      assertThatThrownBy(() -> sim.runFor(1_000)).isInstanceOf(SimulationException.class).hasMessageContaining("does not decode");
    }
  }

  @Test
  void probeMeasuresRoundTripAndBandwidth() {
    long oneWay = 10_000;
    long rate = 2_000_000;
    try (Simulation sim = Simulation.builder().latency(LatencyModel.constant(oneWay)).bandwidth(rate).build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode b = flatNode(sim, 0, 0);
      ProbeResult r = sim.await(ctx(a).probe(b.self(), 200_000));
      assertThat(r.rttNanos() / 1e6).isCloseTo(20.0, within(0.1));
      assertThat(r.bytesPerSecond()).isCloseTo(rate, within(rate * 0.02));
      sim.setBandwidth(b, 500_000);
      assertThat(sim.await(ctx(a).probe(b.self(), 200_000))).as("reused within the probe cache lifetime").isEqualTo(r);
      sim.runFor(60_000);
      ProbeResult slow = sim.await(ctx(a).probe(b.self(), 200_000));
      assertThat(slow.bytesPerSecond()).isCloseTo(500_000.0, within(500_000 * 0.02));
    }
  }

  @Test
  void aNearSenderIsNotQueuedBehindAFarOneAtTheReceiver() {
    // node 0 is 90 ms from node 2, node 1 is 2 ms from it
    LatencyModel model = (from, to) -> (from == 0 || to == 0) ? 90_000 : 2_000;
    try (Simulation sim = Simulation.builder().latency(model).build()) {
      SimNode far = flatNode(sim, 0, 0);
      SimNode near = flatNode(sim, 0, 0);
      SimNode receiver = flatNode(sim, 0, 0);
      long t0 = sim.clock().nanos() / 1000;
      Future<Message> first = ctx(far).transport().request(receiver.self(), new FlatTestStrategy.Fetch(Key.ZERO));
      sim.runFor(1);
      Future<Message> second = ctx(near).transport().request(receiver.self(), new FlatTestStrategy.Fetch(Key.ZERO));
      List<Long> nearDone = new ArrayList<>();
      second.onSuccess(m -> nearDone.add(sim.clock().nanos() / 1000 - t0));
      sim.runFor(10);
      assertThat(nearDone).as("the near request's round trip ended within 10 ms").hasSize(1);
      assertThat(first.isComplete()).as("the far request is still on its way").isFalse();
      sim.runUntilIdle(60_000);
      assertThat(first.succeeded()).isTrue();
    }
  }

  @Test
  void uplinkQueuesMessagesBehindEachOther() {
    long rate = 1_000_000;
    try (Simulation sim = Simulation.builder().latency(LatencyModel.constant(1_000)).bandwidth(rate).build()) {
      SimNode a = flatNode(sim, 0, 0);
      SimNode b = flatNode(sim, 0, 0);
      SimNode c = flatNode(sim, 0, 0);
      long t0 = sim.clock().nanos() / 1000;
      Future<Message> first = ctx(a).transport().request(b.self(), new FlatTestStrategy.Fetch(Key.ZERO));
      Future<Message> second = ctx(a).transport().request(c.self(), new FlatTestStrategy.Fetch(Key.ZERO));
      List<Long> done = new ArrayList<>();
      first.onSuccess(m -> done.add(sim.clock().nanos() / 1000 - t0));
      second.onSuccess(m -> done.add(sim.clock().nanos() / 1000 - t0));
      sim.runUntilIdle(60_000);
      long tx = micros(new FlatTestStrategy.Fetch(Key.ZERO).encodedSize() + FRAME, rate);
      assertThat(done).hasSize(2);
      assertThat(done.get(1) - done.get(0)).isEqualTo(tx);
    }
  }

  @Test
  void awaitReportsFailuresAndStalls() {
    try (Simulation sim = Simulation.builder().build()) {
      assertThatThrownBy(() -> sim.await(Future.failedFuture(new IllegalStateException("boom"))))
          .isInstanceOf(SimulationException.class).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
      Promise<String> never = Promise.promise();
      assertThatThrownBy(() -> sim.await(never.future())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no events left");
      SimNode a = flatNode(sim, 0, 0);
      ctx(a).timers().periodic(1_000, 0, () -> { });
      assertThatThrownBy(() -> sim.await(never.future(), 10_000)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("10000");
      assertThat(sim.await(Future.succeededFuture(5))).isEqualTo(5);
    }
  }

  @Test
  void futuresComposeWithoutAVertxContext() {
    Promise<Integer> p = Promise.promise();
    Future<String> f = p.future().compose(v -> Future.succeededFuture(v + 1)).map(v -> "v" + v)
        .transform(ar -> Future.succeededFuture(ar.result() + "!"));
    assertThat(f.isComplete()).isFalse();
    p.complete(41);
    assertThat(f.isComplete()).isTrue();
    assertThat(f.result()).isEqualTo("v42!");
  }

  @Test
  void nodesAddedByNameNeedAProvider() {
    try (Simulation sim = Simulation.builder().build()) {
      assertThatThrownBy(() -> sim.addNode(SimTestSupport.options().setRouting("no-such-routing")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-routing");
      SimNode a = sim.addNode(SimTestSupport.options(), new FlatTestStrategy(), null);
      assertThatThrownBy(() -> sim.restart(a)).isInstanceOf(IllegalStateException.class);
      SimNode a2 = sim.restart(a, new FlatTestStrategy(), null);
      assertThat(a2.id()).isEqualTo(a.id());
    }
  }

  @Test
  void tenThousandIdleNodesCanBeAddedAndStepped() {
    try (Simulation sim = Simulation.builder().seed(4).build()) {
      for (int i = 0; i < 10_000; i++) {
        sim.addNode(SimTestSupport.options(), new FlatTestStrategy(), null);
      }
      SimNode last = sim.nodes().get(9_999);
      sim.await(last.join(List.of(sim.nodes().get(0).address())));
      sim.runFor(60_000);
      assertThat(sim.liveNodes()).hasSize(10_000);
      assertThat(last.address()).isEqualTo(Address.of("sim-9999", 1));
      assertThat(sim.nodes().stream().map(SimNode::id).distinct().count()).isEqualTo(10_000);
    }
  }
}
