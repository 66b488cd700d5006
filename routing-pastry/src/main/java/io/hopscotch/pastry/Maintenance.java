package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.pastry.PastryMessages.LeafSetRequest;
import io.hopscotch.pastry.PastryMessages.PeerList;
import io.hopscotch.pastry.PastryMessages.RowRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the state right as nodes come and go, with little traffic:
 * <ul>
 *   <li>every leaf-set period, ask the two immediate neighbours for their leaf sets (a silent neighbour
 *       is dead); members of this node's leaf set that the neighbour should know but does not are
 *       probed, and newcomers it names are probed before they are admitted;</li>
 *   <li>a leaf found dead is repaired at once by asking the farthest live leaf on that side for its leaf
 *       set, and the other leaves are told, so that they check it too;</li>
 *   <li>a routing-table entry found dead is replaced lazily by asking another entry of the same row (or
 *       of the next row) for its row;</li>
 *   <li>every table period, one entry of a random row is asked for its row, to learn nearer or missing
 *       entries, and (with proximity on) a random member of the neighbourhood set for its neighbourhood
 *       set: nodes that joined at the same time find each other this way, and the neighbourhood set and
 *       the top rows converge to the nearest nodes;</li>
 *   <li>every {@value #SELF_CHECK_ROUNDS}th leaf-set round, the node routes to its own id (itself
 *       excluded) and takes in the leaf set of the node it reaches, so that a node whose leaves all went
 *       wrong (a join answered by a root whose state was still forming) finds its true neighbours.</li>
 * </ul>
 */
final class Maintenance implements NodeState.Listener {

  private final StrategyContext ctx;
  private final NodeState state;
  private final Replicator replicator;
  private final List<Timers.Timer> timers = new ArrayList<>();
  private boolean closed;
  private Runnable selfCheck;
  private int rounds;
  // Set while a dead peer reported by another node is dropped: that node already told the leaves.
  private boolean quiet;

  Maintenance(StrategyContext ctx, NodeState state, Replicator replicator) {
    this.ctx = ctx;
    this.state = state;
    this.replicator = replicator;
  }

  /** Sets what every {@value #SELF_CHECK_ROUNDS}th leaf-set round also does: route to this node's own id. */
  void setSelfCheck(Runnable r) {
    this.selfCheck = r;
  }

  /** Every how many leaf-set rounds a node routes to its own id to check it has its true neighbours. */
  static final int SELF_CHECK_ROUNDS = 10;

  /** Starts the periodic rounds. */
  void start() {
    if (closed || !timers.isEmpty()) {
      return;
    }
    PastryConfig c = state.config();
    timers.add(ctx.timers().periodic(c.leafSetPeriodMillis(), c.leafSetPeriodMillis() / 4, this::leafSetRound));
    timers.add(ctx.timers().periodic(c.tablePeriodMillis(), c.tablePeriodMillis() / 4, this::tableRound));
  }

  void close() {
    closed = true;
    timers.forEach(Timers.Timer::cancel);
    timers.clear();
  }

  // ---- leaf set ----

  /** One round: exchange leaf sets with both immediate neighbours. */
  void leafSetRound() {
    if (closed) {
      return;
    }
    if (++rounds % SELF_CHECK_ROUNDS == 0 && selfCheck != null) {
      selfCheck.run();
    }
    LeafSet ls = state.leafSet();
    Peer right = ls.right().isEmpty() ? null : ls.right().get(0);
    Peer left = ls.left().isEmpty() ? null : ls.left().get(0);
    if (right != null) {
      exchange(right, true);
    }
    if (left != null && (right == null || !left.id().equals(right.id()))) {
      exchange(left, false);
    }
  }

  private void exchange(Peer neighbour, boolean rightSide) {
    ctx.stats().increment("pastry.maintenance.leafset");
    ctx.transport().request(neighbour, new LeafSetRequest()).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed() || !(ar.result() instanceof PeerList list)) {
        state.failed(neighbour);
        return;
      }
      state.heardFrom(neighbour);
      merge(list.peers());
      probeMissing(neighbour, rightSide, list.peers());
    });
  }

  /** Takes in peers named by another node's leaf set (probed before they are admitted). */
  void merge(List<Peer> peers) {
    for (Peer p : peers) {
      state.learn(p, false, false);
    }
  }

  /** Takes in peers of another node's routing-table row; they may challenge this node's entries on RTT. */
  private void mergeRow(List<Peer> peers) {
    for (Peer p : peers) {
      state.learn(p, false, true);
    }
  }

  /**
   * A neighbour on one side should know every leaf this node has within L/2 places of it; those it
   * does not name may be dead, so they are probed.
   */
  private void probeMissing(Peer neighbour, boolean rightSide, List<Peer> theirs) {
    Set<Key> named = new HashSet<>();
    theirs.forEach(p -> named.add(p.id()));
    LeafSet ls = state.leafSet();
    List<Peer> sameSide = rightSide ? ls.right() : ls.left();
    List<Peer> otherSide = rightSide ? ls.left() : ls.right();
    List<Peer> expected = new ArrayList<>();
    if (sameSide.size() > 1) {
      expected.addAll(sameSide.subList(1, sameSide.size()));
    }
    int reach = Math.max(0, ls.half() - 1);
    expected.addAll(otherSide.subList(0, Math.min(reach, otherSide.size())));
    for (Peer p : expected) {
      if (!named.contains(p.id()) && !p.id().equals(neighbour.id())) {
        state.enqueueProbe(p);
      }
    }
  }

  @Override
  public void leafSetChanged() {
    replicator.leafSetChanged();
  }

  @Override
  public void leafLost(Peer lost, boolean right) {
    ctx.stats().increment("pastry.maintenance.leafRepair");
    LeafSet ls = state.leafSet();
    Peer ask = right ? ls.farthestRight() : ls.farthestLeft();
    if (ask == null) {
      ask = right ? ls.farthestLeft() : ls.farthestRight();
    }
    if (ask != null) {
      Peer target = ask;
      ctx.transport().request(target, new LeafSetRequest()).onComplete(ar -> {
        if (closed) {
          return;
        }
        if (ar.succeeded() && ar.result() instanceof PeerList list) {
          state.heardFrom(target);
          merge(list.peers());
        } else {
          state.failed(target);
        }
      });
    }
    if (quiet) {
      return;
    }
    // The other leaves probably hold the dead node too; they check it themselves.
    for (Peer p : ls.members()) {
      ctx.transport().send(p, new PastryMessages.Failed(lost));
    }
  }

  /** Another node says {@code suspect} is down: check it with a probe if this node relies on it. */
  void suspect(Peer suspect) {
    if (closed || state.isDead(suspect.id()) || suspect.id().equals(state.self().id())) {
      return;
    }
    boolean held = state.leafSet().contains(suspect.id()) || suspect.equals(state.table().slotOf(suspect.id()));
    if (!held) {
      return;
    }
    ctx.probe(suspect, 0).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.succeeded()) {
        state.measured(suspect, ar.result().rttNanos());
      } else {
        quietlyFailed(suspect);
      }
    });
  }

  /** Drops a dead peer without telling the leaves again (they were told by whoever found it first). */
  private void quietlyFailed(Peer p) {
    quiet = true;
    try {
      state.failed(p);
    } finally {
      quiet = false;
    }
  }

  // ---- routing table ----

  @Override
  public void tableEntryLost(int row, int digit) {
    ctx.stats().increment("pastry.maintenance.tableRepair");
    RoutingTable t = state.table();
    for (int r = row; r < Math.min(row + 2, t.rowCount()); r++) {
      List<Peer> entries = t.row(r);
      if (!entries.isEmpty()) {
        // A node of row r shares at least `row` digits with this one, so its own row `row` fits here.
        askRow(entries.get(ctx.random().nextInt(entries.size())), row);
        return;
      }
    }
  }

  /** Entries asked per row by a new node improving its table after joining. */
  static final int IMPROVE_ASKS = 4;

  /**
   * After a join: asks the nearest {@value #NEIGHBOURHOOD_ASKS} members of the neighbourhood set for
   * theirs, and the nearest entries of every row for the same row, so that each slot is chosen among
   * more candidates by measured RTT (the second phase of a locality-aware join). Bounded:
   * {@value #IMPROVE_ASKS} entries per row, and the probe queue's limit.
   */
  void improveRows() {
    if (!state.config().proximity()) {
      return;
    }
    for (Peer p : state.neighbourhood().members().subList(0, Math.min(NEIGHBOURHOOD_ASKS, state.neighbourhood().size()))) {
      askNeighbourhood(p);
    }
    RoutingTable t = state.table();
    for (int r = 0; r < t.rowCount(); r++) {
      for (Peer p : t.nearestInRow(r, IMPROVE_ASKS)) {
        askRow(p, r);
      }
    }
  }

  /** Nearest neighbours asked for their neighbourhood sets by a new node. */
  static final int NEIGHBOURHOOD_ASKS = 4;

  private void askNeighbourhood(Peer target) {
    ctx.transport().request(target, new PastryMessages.NeighbourhoodRequest()).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof PeerList list) {
        state.heardFrom(target);
        mergeRow(list.peers());
      } else {
        state.failed(target);
      }
    });
  }

  /** One round: fetch a random row from a random entry of that row. */
  void tableRound() {
    if (closed) {
      return;
    }
    RoutingTable t = state.table();
    if (t.rowCount() == 0) {
      return;
    }
    if (state.config().proximity() && state.neighbourhood().size() > 0) {
      // Nodes that joined at the same time never saw each other on their join paths: a neighbour's
      // neighbours are the likeliest nearer candidates, for the neighbourhood set and the top rows.
      List<Peer> near = state.neighbourhood().members();
      ctx.stats().increment("pastry.maintenance.neighbourhood");
      askNeighbourhood(near.get(ctx.random().nextInt(near.size())));
    }
    int r = ctx.random().nextInt(t.rowCount());
    List<Peer> entries = t.row(r);
    if (entries.isEmpty()) {
      return;
    }
    ctx.stats().increment("pastry.maintenance.table");
    askRow(entries.get(ctx.random().nextInt(entries.size())), r);
  }

  private void askRow(Peer target, int row) {
    ctx.transport().request(target, new RowRequest(row)).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof PeerList list) {
        state.heardFrom(target);
        mergeRow(list.peers());
      } else {
        state.failed(target);
      }
    });
  }

  /** The reply to a row request: the entries of that row. */
  Message rowReply(int row) {
    return new PeerList(PastryMessages.ROW, state.table().row(row));
  }
}
