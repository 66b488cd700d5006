package io.hopscotch.core.sim;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic discrete-event simulation of many nodes in one thread. Every node is a real
 * {@link NodeEngine} running unchanged strategy code on a simulated runtime: virtual clock, timers on
 * one event queue, a seeded random source per node, a cheap deterministic signer
 * ({@link SimulatedSigner}, not secure) and a simulated network with latency, transmission time,
 * loss, partitions, firewalls and crashes.
 *
 * <p>The same seed and the same sequence of calls give the same run, bit for bit: the same stats and
 * the same {@link #traceHash()}. Nothing happens between calls: events are processed only inside
 * {@link #runFor}, {@link #runUntilIdle} and {@link #await}. Not thread-safe: drive a simulation (and
 * call its nodes) from one thread.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.builder().seed(42).build()) {
 *   SimNode a = sim.addNode(new NodeOptions().setRouting("chord"));
 *   sim.await(a.join(List.of()));
 *   SimNode b = sim.addNode(new NodeOptions().setRouting("chord"));
 *   sim.await(b.join(List.of(a.address())));
 *   sim.runFor(60_000);
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  /** Default virtual wall clock at the start: 2020-01-01T00:00:00Z. */
  public static final long DEFAULT_START_MILLIS = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
  /** Default link rate of every node, in bytes per second: 10 MB/s. */
  public static final long DEFAULT_BANDWIDTH = 10_000_000L;
  /** Default one-way latency of the longest distance in the default coordinates model, in milliseconds. */
  public static final double DEFAULT_MAX_LATENCY_MILLIS = 100;
  /** How long {@link #await(Future)} waits, in virtual milliseconds: one hour. */
  public static final long DEFAULT_AWAIT_MILLIS = 3_600_000L;

  private final long seed;
  private final Scheduler scheduler;
  private final SimNetwork network;
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<String, RoutingStrategyProvider> routingProviders = new HashMap<>();
  private Set<String> availableTransfer;
  private long taskFailures;
  private boolean closed;

  private Simulation(Builder b) {
    this.seed = b.seed;
    this.scheduler = new Scheduler(b.startMillis);
    LatencyModel latency = b.latency != null ? b.latency : LatencyModel.coordinates(b.seed, DEFAULT_MAX_LATENCY_MILLIS);
    this.network = new SimNetwork(scheduler, latency, b.lossRate, b.seed, b.encodeMessages, b.bandwidth);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a simulation. */
  public static final class Builder {
    private long seed = 1;
    private LatencyModel latency;
    private double lossRate;
    private long bandwidth = DEFAULT_BANDWIDTH;
    private long startMillis = DEFAULT_START_MILLIS;
    private boolean encodeMessages;

    private Builder() {
    }

    /** The seed every random choice derives from; default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The latency model; default {@link LatencyModel#coordinates} with the simulation's seed and 100 ms. */
    public Builder latency(LatencyModel model) {
      this.latency = Objects.requireNonNull(model, "latency model");
      return this;
    }

    /**
     * Probability in [0, 1) that any one message (request, response or one-way) is lost; default 0.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder lossRate(double p) {
      if (!(p >= 0 && p < 1)) {
        throw new IllegalArgumentException("loss rate must be in [0, 1), got " + p);
      }
      this.lossRate = p;
      return this;
    }

    /**
     * Every node's link rate in bytes per second, up and down; default 10 MB/s. A message of n bytes
     * takes n / min(sender rate, receiver rate) seconds on top of latency; each node's uplink and
     * downlink carry one message at a time, so messages queue behind bigger ones.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder bandwidth(long bytesPerSecond) {
      if (bytesPerSecond <= 0) {
        throw new IllegalArgumentException("bandwidth must be > 0 bytes/s, got " + bytesPerSecond);
      }
      this.bandwidth = bytesPerSecond;
      return this;
    }

    /** The virtual wall clock at the start, in ms since the epoch; default 2020-01-01T00:00:00Z. */
    public Builder startMillis(long epochMillis) {
      if (epochMillis < 0) {
        throw new IllegalArgumentException("start time must be >= 0 ms since the epoch, got " + epochMillis);
      }
      this.startMillis = epochMillis;
      return this;
    }

    /**
     * If true, every message is encoded with {@link io.hopscotch.core.wire.Message#write}, decoded
     * through the receiver's registry and re-encoded before delivery; any mismatch (including a wrong
     * {@code encodedSize()}) throws a {@link SimulationException} out of the running call. Slower; for
     * tests of codecs. Default false.
     */
    public Builder encodeMessages(boolean b) {
      this.encodeMessages = b;
      return this;
    }

    /** The simulation. */
    public Simulation build() {
      return new Simulation(this);
    }
  }

  // ---- nodes ----

  /**
   * Adds a node whose strategies are made by name from {@code options} (routing and transfer providers
   * on the class path; no transfer when the default transfer is not available; the default
   * {@value NodeOptions#AUTO_TRANSFER} is the direct transfer alone here), and starts it: its
   * address is bound, its strategies are initialised, it has not joined. Identity: the options'
   * identity if set (real Ed25519), otherwise a {@link SimulatedSigner} from the seed and index. The
   * options' host, port, identity file, seed and Vert.x instance are ignored.
   *
   * @throws IllegalArgumentException if a strategy name is unknown or an option invalid
   */
  public SimNode addNode(NodeOptions options) {
    NodeOptions o = new NodeOptions(options);
    return addNode(o, () -> newRouting(o), () -> newTransfer(o));
  }

  /**
   * Adds and starts a node with the given strategy instances. {@link #restart(SimNode)} cannot make new
   * instances for such a node: use {@link #restart(SimNode, RoutingStrategy, TransferStrategy)} or add
   * it with {@link #addNode(NodeOptions, Supplier, Supplier)}.
   *
   * @param transferOrNull null for a node without transfer
   */
  public SimNode addNode(NodeOptions options, RoutingStrategy routing, TransferStrategy transferOrNull) {
    Objects.requireNonNull(routing, "routing");
    return start(-1, 0, new NodeOptions(options), routing, transferOrNull, null, null, null);
  }

  /**
   * Adds and starts a node whose strategies come from factories, called again on every restart.
   *
   * @param transfer returns null for a node without transfer
   */
  public SimNode addNode(NodeOptions options, Supplier<? extends RoutingStrategy> routing,
      Supplier<? extends TransferStrategy> transfer) {
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(transfer, "transfer");
    return start(-1, 0, new NodeOptions(options), routing.get(), transfer.get(), routing, transfer, null);
  }

  private RoutingStrategy newRouting(NodeOptions o) {
    RoutingStrategyProvider p = routingProviders.computeIfAbsent(o.getRouting(), Strategies::routing);
    return p.create(StrategyOptions.of(o.getRoutingOptions()));
  }

  private TransferStrategy newTransfer(NodeOptions o) {
    if (availableTransfer == null) {
      availableTransfer = Strategies.availableTransfer();
    }
    String name = o.getTransfer();
    if (NodeOptions.AUTO_TRANSFER.equals(name)) {
      // the swarm's peer wire needs real sockets, so in the simulator "auto" is the direct transfer alone
      if (!availableTransfer.contains(NodeOptions.SMALL_TRANSFER)) {
        return null;
      }
      return Strategies.transfer(NodeOptions.SMALL_TRANSFER).create(Strategies.autoOptions(NodeOptions.SMALL_TRANSFER,
          o.getTransferOptions()));
    }
    return Strategies.newTransfer(name, StrategyOptions.of(o.getTransferOptions()));
  }

  /** Everything needed to make the next incarnation of a node; null factories for nodes given instances. */
  record Recipe(NodeOptions options, Supplier<? extends RoutingStrategy> routing, Supplier<? extends TransferStrategy> transfer) {
  }

  private SimNode start(int existingIndex, int incarnation, NodeOptions options, RoutingStrategy routing, TransferStrategy transfer,
      Supplier<? extends RoutingStrategy> routingFactory, Supplier<? extends TransferStrategy> transferFactory,
      SimNode previous) {
    requireOpen();
    // A new node takes the next index only once its engine exists, so a failure here leaves no hole.
    int index = existingIndex >= 0 ? existingIndex : network.count();
    Signer signer;
    Stats stats;
    if (previous != null) {
      signer = previous.runtime().signer();
      stats = previous.engine().liveStats();
    } else {
      signer = options.getIdentity() != null ? options.getIdentity() : SimulatedSigner.of(seed, index);
      stats = new Stats();
    }
    SimRuntime runtime = new SimRuntime(network, scheduler, index, incarnation, signer, seed, options.isFirewalled(),
        options.getRequestTimeout().toMillis());
    NodeEngine engine = new NodeEngine(options, runtime, routing, transfer, stats);
    runtime.attach(engine);
    if (existingIndex < 0) {
      network.allocate();
    }
    network.install(runtime);
    SimNode node = new SimNode(this, runtime, engine, new Recipe(options, routingFactory, transferFactory));
    if (index == nodes.size()) {
      nodes.add(node);
    } else {
      nodes.set(index, node);
    }
    Future<?> started = engine.start();
    if (started.failed()) {
      runtime.kill();
      throw new IllegalStateException("simulated node " + index + " failed to start: " + started.cause().getMessage(), started.cause());
    }
    return node;
  }

  /** Every node ever added, in index order; a restarted index holds its newest incarnation. */
  public List<SimNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  /** The nodes that are alive now, in index order. */
  public List<SimNode> liveNodes() {
    List<SimNode> out = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n.isAlive()) {
        out.add(n);
      }
    }
    return out;
  }

  /** The newest incarnation of node {@code index}. */
  public SimNode node(int index) {
    return nodes.get(index);
  }

  /**
   * Crashes a node: its strategies are closed (they must not send), its timers are dropped, messages in
   * flight to it are lost, and requests to it fail with a
   * {@link io.hopscotch.core.spi.PeerUnreachableException} after one round trip. Its store is lost.
   * Harmless on a node that is already down.
   */
  public void crash(SimNode node) {
    SimNode current = current(node);
    if (!current.isAlive()) {
      return;
    }
    current.runtime().kill();
    current.engine().crash();
    LOG.debug("crashed simulated node {} at {} ms", current.index(), scheduler.nowMicros() / 1000);
  }

  /**
   * Starts a fresh incarnation of a node with the same identity, address, options and stats (crashing
   * the old one first if it is alive). It is started but not joined. Strategies are made again by name
   * or by the factories the node was added with.
   *
   * @return the new incarnation, at the same index
   * @throws IllegalStateException if the node was added with strategy instances rather than names or factories
   */
  public SimNode restart(SimNode node) {
    SimNode old = current(node);
    Recipe r = old.recipe();
    if (r.routing() == null) {
      throw new IllegalStateException("simulated node " + old.index() + " was added with strategy instances; "
          + "restart it with restart(node, routing, transfer) or add it with strategy factories");
    }
    crash(old);
    return start(old.index(), old.incarnation() + 1, r.options(), r.routing().get(), r.transfer().get(), r.routing(), r.transfer(), old);
  }

  /** Like {@link #restart(SimNode)} but with the given new strategy instances. */
  public SimNode restart(SimNode node, RoutingStrategy routing, TransferStrategy transferOrNull) {
    SimNode old = current(node);
    Objects.requireNonNull(routing, "routing");
    crash(old);
    return start(old.index(), old.incarnation() + 1, old.recipe().options(), routing, transferOrNull, null, null, old);
  }

  private SimNode current(SimNode node) {
    Objects.requireNonNull(node, "node");
    if (node.simulation() != this) {
      throw new IllegalArgumentException(node + " belongs to another simulation");
    }
    return nodes.get(node.index());
  }

  /**
   * Sets one node's link rate (up and down), in bytes per second; it stays across restarts.
   *
   * @throws IllegalArgumentException if not positive
   */
  public void setBandwidth(SimNode node, long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bandwidth must be > 0 bytes/s, got " + bytesPerSecond);
    }
    network.setBandwidth(current(node).index(), bytesPerSecond);
  }

  /** A node's link rate in bytes per second. */
  public long bandwidth(SimNode node) {
    return network.bandwidth(current(node).index());
  }

  /** The latency model in force. */
  public LatencyModel latency() {
    return network.latency();
  }

  // ---- network faults ----

  /**
   * Cuts {@code side} off from everyone else: messages between it and the rest are dropped (requests
   * across the cut time out), including those already in flight. Another call cuts off another group
   * (groups made earlier stay apart). Nodes added later are on the side of nodes never partitioned.
   */
  public void partition(Collection<SimNode> side) {
    int[] indices = new int[side.size()];
    int i = 0;
    for (SimNode n : side) {
      indices[i++] = current(n).index();
    }
    network.partition(indices);
  }

  /** Removes every partition. */
  public void heal() {
    network.heal();
  }

  // ---- running ----

  /** Virtual wall-clock time, in milliseconds since the epoch. */
  public long now() {
    return scheduler.millis();
  }

  /** The virtual clock every node sees. */
  public Clock clock() {
    return scheduler;
  }

  /**
   * Processes every event due within the next {@code virtualMillis} and then sets the clock to the end
   * of that span.
   *
   * @throws IllegalArgumentException if negative
   */
  public void runFor(long virtualMillis) {
    if (virtualMillis < 0) {
      throw new IllegalArgumentException("cannot run for a negative time: " + virtualMillis + " ms");
    }
    requireOpen();
    long limit = scheduler.nowMicros() + virtualMillis * 1000;
    while (step(limit)) {
      // keep going
    }
    scheduler.advanceTo(limit);
  }

  /**
   * Processes events until none is left or {@code maxVirtualMillis} have passed (periodic timers never
   * let the queue empty: then it stops at the limit, with the clock there).
   *
   * @return true if the queue emptied
   */
  public boolean runUntilIdle(long maxVirtualMillis) {
    if (maxVirtualMillis < 0) {
      throw new IllegalArgumentException("cannot run for a negative time: " + maxVirtualMillis + " ms");
    }
    requireOpen();
    long limit = scheduler.nowMicros() + maxVirtualMillis * 1000;
    while (step(limit)) {
      // keep going
    }
    if (scheduler.peek() == null) {
      return true;
    }
    scheduler.advanceTo(limit);
    return false;
  }

  /**
   * Processes events until {@code future} completes, for at most one virtual hour.
   *
   * @return the future's value
   * @throws SimulationException if the future failed (the cause is its failure)
   * @throws IllegalStateException if the events run out or the hour passes first
   */
  public <T> T await(Future<T> future) {
    return await(future, DEFAULT_AWAIT_MILLIS);
  }

  /**
   * Processes events until {@code future} completes, for at most {@code maxVirtualMillis}.
   *
   * @return the future's value
   * @throws SimulationException if the future failed (the cause is its failure)
   * @throws IllegalStateException if the events run out or the time passes first
   */
  public <T> T await(Future<T> future, long maxVirtualMillis) {
    Objects.requireNonNull(future, "future");
    requireOpen();
    long start = scheduler.nowMicros();
    long limit = start + maxVirtualMillis * 1000;
    while (!future.isComplete()) {
      SimEvent next = scheduler.peek();
      if (next == null) {
        throw new IllegalStateException("no events left at virtual " + (scheduler.nowMicros() / 1000)
            + " ms and the awaited future is not complete");
      }
      if (next.time > limit) {
        scheduler.advanceTo(limit);
        throw new IllegalStateException("the awaited future did not complete within " + maxVirtualMillis + " virtual ms");
      }
      step(limit);
    }
    if (future.failed()) {
      Throwable c = future.cause();
      throw new SimulationException("awaited future failed at virtual " + (scheduler.nowMicros() / 1000) + " ms ("
          + (scheduler.nowMicros() - start) / 1000 + " ms after await): " + c, c);
    }
    return future.result();
  }

  /**
   * Processes events until {@code future} completes and returns its failure.
   *
   * @throws IllegalStateException if it succeeds, or the events or one virtual hour run out first
   */
  public Throwable awaitFailure(Future<?> future) {
    try {
      Object v = await(future);
      throw new IllegalStateException("the awaited future succeeded with " + v + " but a failure was expected");
    } catch (SimulationException e) {
      return e.getCause();
    }
  }

  private boolean step(long limit) {
    try {
      return scheduler.step(limit);
    } catch (SimulationException e) {
      throw e;
    } catch (RuntimeException e) {
      taskFailures++;
      LOG.warn("an event at virtual {} ms failed", scheduler.nowMicros() / 1000, e);
      return true;
    }
  }

  // ---- results ----

  /** The merged stats of every node (all incarnations). */
  public Stats aggregateStats() {
    Stats all = new Stats();
    for (SimNode n : nodes) {
      all.merge(n.engine().liveStats());
    }
    return all;
  }

  /**
   * A 64-bit hash over everything observable that happened, in order: each message delivered or
   * dropped (time, sender, receiver, type id, size), each timer firing, request timeout and refusal.
   * Two runs with the same seed and calls give the same hash.
   */
  public long traceHash() {
    return scheduler.traceHash();
  }

  /** Number of events processed so far. */
  public long eventsProcessed() {
    return scheduler.processed();
  }

  /** Number of events that threw (logged and skipped): timer tasks or callbacks with bugs. */
  public long taskFailures() {
    return taskFailures;
  }

  /** Stops every live node (as a crash) and drops every pending event. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (SimNode n : nodes) {
      if (n.isAlive()) {
        crash(n);
      }
    }
    scheduler.clear();
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the simulation is closed");
    }
  }
}
