package io.hopscotch.core.sim;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireWriter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A test-only routing strategy where everyone knows everyone: a joiner asks a bootstrap node for its
 * members and announces itself to them; a record lives at the member whose id is numerically closest
 * to the key; an optional periodic gossip pings a random member. Uses only its context.
 */
final class FlatTestStrategy implements RoutingStrategy {

  /** Join request: the sender's contact. */
  record Hello(Peer sender) implements Message {
    static final MessageType<Hello> TYPE = MessageType.of(101, "flat.hello", in -> new Hello(in.readPeer()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(sender);
    }
  }

  /** Join response: every member the responder knows, itself included. */
  record Members(List<Peer> peers) implements Message {
    static final MessageType<Members> TYPE = MessageType.of(102, "flat.members",
        in -> new Members(in.readList(100_000, r -> r.readPeer())));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(peers, WireWriter::writePeer);
    }
  }

  /** One-way: the sender joined. */
  record Announce(Peer sender) implements Message {
    static final MessageType<Announce> TYPE = MessageType.of(103, "flat.announce", in -> new Announce(in.readPeer()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(sender);
    }
  }

  /** One-way gossip carrying a counter. */
  record Ping(long counter) implements Message {
    static final MessageType<Ping> TYPE = MessageType.of(104, "flat.ping", in -> new Ping(in.readLong()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeLong(counter);
    }
  }

  /** Request: store a record. */
  record Store(Record record) implements Message {
    static final MessageType<Store> TYPE = MessageType.of(105, "flat.store", in -> new Store(Record.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      record.write(out);
    }
  }

  /** Response to store, or an empty acknowledgement. */
  record Ack(boolean ok) implements Message {
    static final MessageType<Ack> TYPE = MessageType.of(106, "flat.ack", in -> new Ack(in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(ok);
    }
  }

  /** Request: the records under a key. */
  record Fetch(Key key) implements Message {
    static final MessageType<Fetch> TYPE = MessageType.of(107, "flat.fetch", in -> new Fetch(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
    }
  }

  /** Response: records found. */
  record Found(List<Record> records) implements Message {
    static final MessageType<Found> TYPE = MessageType.of(108, "flat.found", in -> new Found(in.readList(1000, Record::read)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(records, (w, r) -> r.write(w));
    }
  }

  private final long gossipMillis;
  private final long jitterMillis;
  private final TreeMap<Key, Peer> members = new TreeMap<>();
  private StrategyContext ctx;
  private Timers.Timer gossip;
  private long pings;

  /** Without gossip. */
  FlatTestStrategy() {
    this(0, 0);
  }

  /** With a gossip ping every {@code gossipMillis} (0: none), jittered by up to {@code jitterMillis}. */
  FlatTestStrategy(long gossipMillis, long jitterMillis) {
    this.gossipMillis = gossipMillis;
    this.jitterMillis = jitterMillis;
  }

  @Override
  public String name() {
    return "flat-test";
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return List.of(Hello.TYPE, Members.TYPE, Announce.TYPE, Ping.TYPE, Store.TYPE, Ack.TYPE, Fetch.TYPE, Found.TYPE);
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    members.put(ctx.self().id(), ctx.self());
    startGossip();
    if (bootstrap.isEmpty()) {
      return Future.succeededFuture();
    }
    return ctx.transport().request(bootstrap.get(0), new Hello(ctx.self()), ctx.requestTimeoutMillis()).map(m -> {
      for (Peer p : ((Members) m).peers()) {
        if (!p.id().equals(ctx.self().id()) && members.put(p.id(), p) == null) {
          ctx.transport().send(p, new Announce(ctx.self()));
        }
      }
      return null;
    });
  }

  private void startGossip() {
    if (gossipMillis > 0 && gossip == null) {
      gossip = ctx.timers().periodic(gossipMillis, jitterMillis, () -> {
        List<Peer> others = others();
        if (!others.isEmpty()) {
          ctx.transport().send(others.get(ctx.random().nextInt(others.size())), new Ping(++pings));
        }
      });
    }
  }

  private List<Peer> others() {
    List<Peer> out = new ArrayList<>(members.values());
    out.removeIf(p -> p.id().equals(ctx.self().id()));
    return out;
  }

  /** The member whose id is closest to {@code key} on the ring. */
  Peer responsible(Key key) {
    Peer best = ctx.self();
    for (Peer p : members.values()) {
      int c = p.id().ringDistance(key).compareTo(best.id().ringDistance(key));
      if (c < 0 || (c == 0 && p.id().compareTo(best.id()) < 0)) {
        best = p;
      }
    }
    return best;
  }

  @Override
  public Future<Void> put(Record record) {
    Peer target = responsible(record.key());
    if (target.equals(ctx.self())) {
      ctx.store().put(record);
      return Future.succeededFuture();
    }
    return ctx.transport().request(target, new Store(record)).mapEmpty();
  }

  @Override
  public Future<Lookup> get(Key key) {
    Peer target = responsible(key);
    if (target.equals(ctx.self())) {
      return Future.succeededFuture(new Lookup(ctx.store().get(key), 0, List.of()));
    }
    return ctx.transport().request(target, new Fetch(key)).map(m -> new Lookup(((Found) m).records(), 1, List.of(target)));
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public void onMessage(Peer from, Message message) {
    if (message instanceof Announce a) {
      members.put(a.sender().id(), a.sender());
    } else if (message instanceof Ping p) {
      ctx.stats().increment("flat.pings_received");
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (request instanceof Hello h) {
      List<Peer> all = new ArrayList<>(members.values());
      members.put(h.sender().id(), h.sender());
      return Future.succeededFuture(new Members(all));
    } else if (request instanceof Store s) {
      ctx.store().put(s.record());
      return Future.succeededFuture(new Ack(true));
    } else if (request instanceof Fetch f) {
      return Future.succeededFuture(new Found(ctx.store().get(f.key())));
    }
    return Future.failedFuture("unexpected " + request.type());
  }

  @Override
  public Future<Void> leave() {
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    if (gossip != null) {
      gossip.cancel();
      gossip = null;
    }
  }

  @Override
  public int stateSize() {
    return members.size();
  }

  /** The context, for tests. */
  StrategyContext context() {
    return ctx;
  }
}
