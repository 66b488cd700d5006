package io.hopscotch.pastry;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.pastry.PastryMessages.Announce;
import io.hopscotch.pastry.PastryMessages.Failed;
import io.hopscotch.pastry.PastryMessages.Leave;
import io.hopscotch.pastry.PastryMessages.LeafSetRequest;
import io.hopscotch.pastry.PastryMessages.Mode;
import io.hopscotch.pastry.PastryMessages.NeighbourhoodRequest;
import io.hopscotch.pastry.PastryMessages.PeerList;
import io.hopscotch.pastry.PastryMessages.RouteReply;
import io.hopscotch.pastry.PastryMessages.RouteRequest;
import io.hopscotch.pastry.PastryMessages.RowRequest;
import io.hopscotch.pastry.PastryMessages.StoreRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The Pastry routing strategy (Rowstron and Druschel, Middleware 2001): prefix routing in base 2^b
 * with a leaf set and a neighbourhood set, proximity neighbour selection, join by routing to the node's
 * own id, leaf-set and routing-table maintenance, and each key replicated on the numerically closest
 * nodes. Routes are walked iteratively by their origin (see {@link IterativeRoute}).
 */
public final class PastryRouting implements RoutingStrategy {

  private final PastryConfig config;
  private StrategyContext ctx;
  private NodeState state;
  private Router router;
  private Replicator replicator;
  private Maintenance maintenance;
  private JoinProtocol joinProtocol;
  private KeywordIndex index;
  private boolean joined;
  private boolean closed;

  /** A strategy with these settings. */
  public PastryRouting(PastryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String name() {
    return PastryProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return PastryMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    this.state = new NodeState(context, config);
    this.router = new Router(state);
    this.replicator = new Replicator(context, state);
    this.maintenance = new Maintenance(context, state, replicator);
    state.setListener(maintenance);
    this.joinProtocol = new JoinProtocol(context, state, router, maintenance);
    maintenance.setSelfCheck(() -> joinProtocol.checkNeighbours(false));
    this.index = new KeywordIndex(context, this::lookup, this::place);
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    return joinProtocol.join(bootstrap).onSuccess(v -> {
      joined = true;
      maintenance.start();
    });
  }

  // ---- data ----

  @Override
  public Future<Void> put(Record record) {
    return place(record).compose(v -> index.publish(record));
  }

  /** Routes to the key's root and has it store and replicate the record; retries once around a dead root. */
  private Future<Void> place(Record record) {
    return placeOnce(record).recover(e -> placeOnce(record));
  }

  private Future<Void> placeOnce(Record record) {
    return route(record.key(), Mode.ROUTE).compose(result -> {
      if (result.root().id().equals(state.self().id())) {
        return replicator.store(List.of(record), true).mapEmpty();
      }
      return ctx.transport().request(result.root(), new StoreRequest(List.of(record), true))
          .onFailure(e -> state.failed(result.root()))
          .mapEmpty();
    });
  }

  @Override
  public Future<Lookup> get(Key key) {
    return lookup(key);
  }

  private Future<Lookup> lookup(Key key) {
    return route(key, Mode.LOOKUP).map(result -> {
      List<Record> records = result.last() == null ? ctx.store().get(key) : result.last().records();
      return new Lookup(records, result.hops(), result.path());
    });
  }

  private Future<IterativeRoute.Result> route(Key key, Mode mode) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("pastry node " + ctx.self().id() + " is closed"));
    }
    return IterativeRoute.start(ctx, state, router, key, mode, null);
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    if (keywords.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("search needs at least one keyword"));
    }
    return index.search(Record.normalise(keywords), limit, deadlineMillis);
  }

  // ---- inbound ----

  @Override
  public void onMessage(Peer from, Message message) {
    if (closed) {
      return;
    }
    if (message instanceof Failed f) {
      maintenance.suspect(f.suspect());
    } else if (message instanceof Leave l) {
      state.departed(from);
      l.leafSet().forEach(p -> state.learn(p, false));
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (closed) {
      return Future.failedFuture("pastry node is closed");
    }
    if (request instanceof RouteRequest rr) {
      return Future.succeededFuture(answerRoute(from, rr));
    }
    // A node still announcing itself answers too: those it announced to may already rely on it.
    state.heardFrom(from);
    if (request instanceof StoreRequest sr) {
      return replicator.store(sr.records(), sr.replicate()).map(r -> r);
    } else if (request instanceof LeafSetRequest) {
      return Future.succeededFuture(new PeerList(PastryMessages.LEAF_SET, state.leafSet().members()));
    } else if (request instanceof Announce) {
      // A newcomer near this node may be nearer than a slot's holder: it competes on measured RTT, as
      // the paper has nodes take the new node into their state when it announces itself.
      state.compete(from);
      List<Peer> answer = state.leafSet().contains(from.id()) ? state.leafSet().members() : List.of();
      return Future.succeededFuture(new PeerList(PastryMessages.LEAF_SET, answer));
    } else if (request instanceof NeighbourhoodRequest) {
      return Future.succeededFuture(new PeerList(PastryMessages.NEIGHBOURHOOD, state.neighbourhood().members()));
    } else if (request instanceof RowRequest row) {
      return Future.succeededFuture(maintenance.rowReply(row.row()));
    }
    return Future.failedFuture("pastry does not answer " + request.type());
  }

  private Message answerRoute(Peer from, RouteRequest rr) {
    boolean join = rr.mode() == Mode.JOIN || rr.mode() == Mode.JOIN_FIRST;
    if (!join && joined) {
      state.heardFrom(from);
    }
    HashSet<Key> exclude = new HashSet<>(rr.exclude());
    exclude.add(from.id());
    Router.Decision d = router.route(rr.key(), exclude, PastryMessages.MAX_NEXT);
    List<Peer> extra = new ArrayList<>();
    if (join) {
      int shared = state.self().id().sharedPrefixDigits(rr.key(), config.b());
      for (int r = 0; r <= Math.min(shared, state.table().rowCount() - 1); r++) {
        extra.addAll(state.table().row(r));
      }
      if (d.arrived()) {
        extra.addAll(state.leafSet().members());
      }
      if (rr.mode() == Mode.JOIN_FIRST) {
        extra.addAll(state.neighbourhood().members());
      }
      extra.removeIf(p -> exclude.contains(p.id()));
    }
    List<Record> records = rr.mode() == Mode.LOOKUP && d.arrived() ? ctx.store().get(rr.key()) : List.of();
    return new RouteReply(state.self(), d.arrived(), d.next(), distinct(extra), records);
  }

  private static List<Peer> distinct(List<Peer> peers) {
    HashSet<Key> seen = new HashSet<>();
    List<Peer> out = new ArrayList<>(peers.size());
    for (Peer p : peers) {
      if (seen.add(p.id())) {
        out.add(p);
      }
    }
    return out.size() > PastryMessages.MAX_PEERS ? out.subList(0, PastryMessages.MAX_PEERS) : out;
  }

  // ---- lifecycle ----

  @Override
  public Future<Void> leave() {
    if (closed) {
      return Future.succeededFuture();
    }
    return replicator.handOver().onComplete(ar -> {
      Leave bye = new Leave(state.leafSet().members());
      for (Peer p : state.known()) {
        ctx.transport().send(p, bye);
      }
      joined = false;
      maintenance.close();
    });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (maintenance != null) {
      maintenance.close();
      replicator.close();
      state.close();
    }
  }

  @Override
  public int stateSize() {
    return state == null ? 0 : state.entries();
  }

  // ---- inspection (tests and experiments) ----

  /** This node's leaf set, counter-clockwise side first then clockwise, each nearest first. */
  public List<List<Peer>> leafSet() {
    return List.of(state.leafSet().left(), state.leafSet().right());
  }

  /** The entries of routing-table row {@code row}, with their column given by their digit there. */
  public List<Peer> routingTableRow(int row) {
    return state.table().row(row);
  }

  /** The routing-table entry at ({@code row}, {@code digit}), or null. */
  public Peer routingTableEntry(int row, int digit) {
    return state.table().get(row, digit);
  }

  /** Number of allocated routing-table rows. */
  public int routingTableRows() {
    return state.table().rowCount();
  }

  /** This node's state entries by structure: {@code routing_table}, {@code leaf_set} and {@code neighbourhood}. */
  @Override
  public java.util.Map<String, Integer> stateBreakdown() {
    java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put("routing_table", state.table().size());
    m.put("leaf_set", state.leafSet().size());
    m.put("neighbourhood", state.neighbourhood().size());
    return m;
  }

  /** The settings in force. */
  public PastryConfig config() {
    return config;
  }

  /** True once this node has joined (and not left). */
  public boolean joined() {
    return joined;
  }
}
