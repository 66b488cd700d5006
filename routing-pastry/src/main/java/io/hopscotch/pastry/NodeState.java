package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one Pastry node knows about others — leaf set, routing table, neighbourhood set, and the
 * peers it recently found dead — and the rules for taking in a contact:
 * <ul>
 *   <li>a peer heard from directly is alive: it enters the leaf set if it belongs there and an empty
 *       table slot;</li>
 *   <li>a peer learnt second-hand is checked with a probe before it enters the leaf set (so a stale
 *       list cannot bring back a dead neighbour), and with proximity on it is probed to compete for its
 *       table slot on measured round-trip time;</li>
 *   <li>a peer found dead leaves every structure and is not taken back second-hand for a while.</li>
 * </ul>
 * Probes are queued and run a few at a time, so learning a large state costs bounded traffic.
 */
final class NodeState {

  /** Callbacks for the parts that react to changes. */
  interface Listener {
    /** The leaf set's membership changed. */
    void leafSetChanged();

    /** {@code lost} was removed from the leaf set as dead; {@code right} tells the side it was on. */
    void leafLost(Peer lost, boolean right);

    /** The table entry at (row, digit) was removed as dead. */
    void tableEntryLost(int row, int digit);
  }

  private static final int MAX_PROBES_IN_FLIGHT = 8;
  private static final int MAX_PROBE_QUEUE = 128;
  private static final int MAX_DEAD = 64;

  private final StrategyContext ctx;
  private final PastryConfig config;
  private final LeafSet leafSet;
  private final RoutingTable table;
  private final NeighbourhoodSet neighbourhood;
  private final RecentRtts recent = new RecentRtts();
  private Listener listener;
  // Lazily allocated: most simulated nodes never need them at once.
  private ArrayDeque<Peer> probeQueue;
  private Set<Key> probing;
  private int inFlight;
  private LinkedHashMap<Key, Long> dead;
  private boolean closed;

  NodeState(StrategyContext ctx, PastryConfig config) {
    this.ctx = ctx;
    this.config = config;
    this.leafSet = new LeafSet(ctx.self(), config.leafSet());
    this.table = new RoutingTable(ctx.self().id(), config.b());
    this.neighbourhood = new NeighbourhoodSet(config.neighbourhood());
  }

  void setListener(Listener l) {
    this.listener = l;
  }

  Peer self() {
    return ctx.self();
  }

  LeafSet leafSet() {
    return leafSet;
  }

  RoutingTable table() {
    return table;
  }

  NeighbourhoodSet neighbourhood() {
    return neighbourhood;
  }

  PastryConfig config() {
    return config;
  }

  /** Every distinct peer in the three structures. */
  List<Peer> known() {
    Map<Key, Peer> m = new LinkedHashMap<>();
    leafSet.members().forEach(p -> m.put(p.id(), p));
    table.entries().forEach(p -> m.putIfAbsent(p.id(), p));
    neighbourhood.members().forEach(p -> m.putIfAbsent(p.id(), p));
    return new ArrayList<>(m.values());
  }

  /** Number of state entries: leaf set, table and neighbourhood set together. */
  int entries() {
    return leafSet.size() + table.size() + neighbourhood.size();
  }

  /** Stops probing; later results are ignored. */
  void close() {
    closed = true;
    probeQueue = null;
  }

  // ---- taking in contacts ----

  /** {@code p} sent us something or answered us: it is alive. */
  void heardFrom(Peer p) {
    if (closed || p.id().equals(self().id())) {
      return;
    }
    if (dead != null) {
      dead.remove(p.id());
    }
    if (leafSet.offer(p) && listener != null) {
      listener.leafSetChanged();
    }
    if (table.slotOf(p.id()) == null && table.offer(p, RoutingTable.UNKNOWN, false) && config.proximity()) {
      enqueueProbe(p);
    }
  }

  /**
   * {@code p} (heard from directly) may be nearer than the holder of its table slot: with proximity on,
   * it is probed so that it competes for the slot on measured RTT.
   */
  void compete(Peer p) {
    if (config.proximity() && !p.id().equals(self().id()) && !p.equals(table.slotOf(p.id()))) {
      enqueueProbe(p);
    }
  }

  /**
   * {@code p} was named by another node. Joining nodes trust what they are told ({@code trusted}); a
   * node already in the ring checks a would-be leaf with a probe first.
   */
  void learn(Peer p, boolean trusted) {
    learn(p, trusted, true);
  }

  /**
   * Like {@link #learn(Peer, boolean)}; without {@code compete} a peer whose table slot is taken is not
   * probed to challenge it (leaf-set exchanges repeat the same names every round).
   */
  void learn(Peer p, boolean trusted, boolean compete) {
    if (closed || p.id().equals(self().id()) || isDead(p.id())) {
      return;
    }
    if (trusted) {
      heardFrom(p);
      if (config.proximity() && !p.equals(table.slotOf(p.id()))) {
        enqueueProbe(p);
      }
      return;
    }
    if (leafSet.wouldAdd(p.id())) {
      enqueueProbe(p); // checked before it can become a leaf
      return;
    }
    Peer slot = table.slotOf(p.id());
    if (slot == null) {
      enqueueProbe(p);
    } else if (compete && config.proximity() && !slot.id().equals(p.id()) && !leafSet.contains(p.id())
        && !neighbourhood.contains(p.id())) {
      // A leaf or neighbour was measured when it was taken in: it already competed for its slot. So did
      // a peer measured within the last table period (it lost, or it would hold the slot).
      long rtt = recent.get(p.id(), ctx.clock().millis(), config.tablePeriodMillis());
      if (rtt < 0) {
        enqueueProbe(p);
      }
    }
  }

  /** A probe of {@code p} measured {@code rttNanos}. */
  void measured(Peer p, long rttNanos) {
    if (closed || p.id().equals(self().id())) {
      return;
    }
    heardFrom(p);
    if (config.proximity()) {
      recent.put(p.id(), rttNanos, ctx.clock().millis());
    }
    table.offer(p, rttNanos, config.proximity());
    if (config.proximity()) {
      neighbourhood.offer(p, rttNanos);
    }
  }

  /**
   * {@code p} did not answer: drop it everywhere and remember it as dead for a while.
   *
   * @return true if it was in any structure
   */
  boolean failed(Peer p) {
    if (p.id().equals(self().id())) {
      return false;
    }
    markDead(p.id());
    boolean right = leafSet.onRight(p.id());
    boolean inLeaves = leafSet.remove(p.id());
    int row = table.rowOf(p.id());
    boolean inTable = table.remove(p.id());
    boolean inNeighbourhood = neighbourhood.remove(p.id());
    if (listener != null && !closed) {
      if (inLeaves) {
        listener.leafLost(p, right);
        listener.leafSetChanged();
      }
      if (inTable) {
        listener.tableEntryLost(row, p.id().digit(row, config.b()));
      }
    }
    return inLeaves || inTable || inNeighbourhood;
  }

  /** Drops {@code p} that left gracefully (not suspected of anything: it may come back). */
  void departed(Peer p) {
    boolean inLeaves = leafSet.remove(p.id());
    table.remove(p.id());
    neighbourhood.remove(p.id());
    if (inLeaves && listener != null && !closed) {
      listener.leafSetChanged();
    }
  }

  boolean isDead(Key id) {
    if (dead == null) {
      return false;
    }
    Long until = dead.get(id);
    if (until == null) {
      return false;
    }
    if (until <= ctx.clock().millis()) {
      dead.remove(id);
      return false;
    }
    return true;
  }

  private void markDead(Key id) {
    if (dead == null) {
      dead = new LinkedHashMap<>();
    }
    dead.remove(id);
    dead.put(id, ctx.clock().millis() + 2 * config.leafSetPeriodMillis());
    if (dead.size() > MAX_DEAD) {
      Iterator<Key> it = dead.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  // ---- probing ----

  /** Measures {@code p} soon (bounded queue; a peer already queued is not queued twice). */
  void enqueueProbe(Peer p) {
    if (closed) {
      return;
    }
    if (probing == null) {
      probing = new HashSet<>();
      probeQueue = new ArrayDeque<>();
    }
    if (probing.contains(p.id())) {
      return;
    }
    if (probing.size() >= MAX_PROBE_QUEUE) {
      ctx.stats().increment("pastry.probes.dropped");
      return;
    }
    probing.add(p.id());
    probeQueue.add(p);
    pump();
  }

  private void pump() {
    while (!closed && inFlight < MAX_PROBES_IN_FLIGHT && probeQueue != null && !probeQueue.isEmpty()) {
      Peer p = probeQueue.poll();
      inFlight++;
      ctx.stats().increment("pastry.probes");
      ctx.probe(p, 0).onComplete(ar -> {
        inFlight--;
        if (probing != null) {
          probing.remove(p.id());
        }
        if (closed) {
          return;
        }
        if (ar.succeeded()) {
          measured(p, ar.result().rttNanos());
        } else {
          failed(p);
        }
        pump();
        if (inFlight == 0 && probeQueue != null && probeQueue.isEmpty()) {
          probeQueue = null;
          probing = null;
        }
      });
    }
  }

  /** Number of probes queued or running (tests wait for zero). */
  int pendingProbes() {
    return inFlight + (probeQueue == null ? 0 : probeQueue.size());
  }
}
