package io.hopscotch.core.sim;

import io.hopscotch.core.Address;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.impl.NodeRuntime;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.NodeTransport;
import io.hopscotch.core.spi.Timers;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.Random;

/**
 * One incarnation of a simulated node: what its {@link NodeEngine} runs on. A restart makes a new
 * runtime, so everything here (timers, firewall "connections", the random source) dies with a crash.
 */
final class SimRuntime implements NodeRuntime {

  private final int index;
  private final int incarnation;
  private final Signer signer;
  private final Scheduler scheduler;
  private final Random random;
  private final SimTransport transport;
  private final SimTimers timers;
  private final boolean firewalled;
  private final long requestTimeoutMillis;
  private final Peer peer;
  private Stats stats;
  private NodeEngine engine;
  private boolean alive = true;
  /** Sorted indices of nodes this firewalled node opened a connection to; null until it does. */
  private int[] contacted;
  private int contactedCount;

  SimRuntime(SimNetwork network, Scheduler scheduler, int index, int incarnation, Signer signer, long seed, boolean firewalled,
      long requestTimeoutMillis) {
    this.index = index;
    this.incarnation = incarnation;
    this.signer = signer;
    this.scheduler = scheduler;
    this.random = new Random(Mixing.hash(seed, index, incarnation));
    this.firewalled = firewalled;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.peer = new Peer(signer.id(), addressOf(index));
    this.transport = new SimTransport(this, network);
    this.timers = new SimTimers(this, scheduler);
  }

  /** The address of simulated node {@code index}. */
  static Address addressOf(int index) {
    return Address.of(SimNetwork.HOST_PREFIX + index, SimNetwork.PORT);
  }

  void attach(NodeEngine engine) {
    this.engine = engine;
    this.stats = engine.liveStats();
  }

  int index() {
    return index;
  }

  int incarnation() {
    return incarnation;
  }

  Peer peer() {
    return peer;
  }

  NodeEngine engine() {
    return engine;
  }

  Stats stats() {
    return stats;
  }

  /** The node's default request timeout, in milliseconds. */
  long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  boolean isFirewalled() {
    return firewalled;
  }

  /** True until the node crashes or closes. */
  boolean isAlive() {
    return alive;
  }

  /** True if alive and its transport has started (it can receive). */
  boolean isServing() {
    return alive && transport.handler() != null;
  }

  void kill() {
    alive = false;
    contacted = null;
    contactedCount = 0;
  }

  SimTransport simTransport() {
    return transport;
  }

  /** Remembers that this (firewalled) node opened a connection to {@code other}. */
  void noteContact(int other) {
    if (!firewalled) {
      return;
    }
    if (contacted == null) {
      contacted = new int[4];
    }
    int pos = Arrays.binarySearch(contacted, 0, contactedCount, other);
    if (pos >= 0) {
      return;
    }
    pos = -pos - 1;
    if (contactedCount == contacted.length) {
      contacted = Arrays.copyOf(contacted, contactedCount * 2);
    }
    System.arraycopy(contacted, pos, contacted, pos + 1, contactedCount - pos);
    contacted[pos] = other;
    contactedCount++;
  }

  /** True if {@code other} may open a connection to this node: it is not firewalled or it contacted {@code other}. */
  boolean accepts(int other) {
    return !firewalled || (contacted != null && Arrays.binarySearch(contacted, 0, contactedCount, other) >= 0);
  }

  @Override
  public Signer signer() {
    return signer;
  }

  @Override
  public Verifier verifier() {
    return SimulatedVerifier.INSTANCE;
  }

  @Override
  public Clock clock() {
    return scheduler;
  }

  @Override
  public Timers timers() {
    return timers;
  }

  @Override
  public Random random() {
    return random;
  }

  @Override
  public NodeTransport transport() {
    return transport;
  }

  /** Runs inline: every node of a simulation shares the one simulation thread. */
  @Override
  public void execute(Runnable task) {
    task.run();
  }

  @Override
  public Future<Void> shutdown() {
    return Future.succeededFuture();
  }
}
