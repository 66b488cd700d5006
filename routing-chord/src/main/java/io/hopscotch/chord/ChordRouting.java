package io.hopscotch.chord;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chord routing strategy (routing name {@code chord}): one or more virtual nodes on a 160-bit SHA-1
 * ring, each with a predecessor, a successor list and a finger table, kept correct by the
 * {@link Stabilizer}; lookups by {@link ChordLookup}; every key stored on its owner and the next
 * replicas − 1 successors by the {@link Replicator}; keyword search through a {@link KeywordIndex}.
 *
 * <p>This class wires those parts together and dispatches messages; it holds no protocol logic of its own.
 * Everything runs on the node's event loop and uses only the {@link StrategyContext}.
 */
public final class ChordRouting implements RoutingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(ChordRouting.class);

  private final ChordConfig config;
  private StrategyContext ctx;
  private VirtualNode[] vnodes;
  private ChordLookup lookup;
  private Stabilizer stabilizer;
  private Replicator replicator;
  private KeywordIndex keywords;
  private final List<Timers.Timer> timers = new ArrayList<>();
  private boolean closed;

  /** A strategy with these settings. */
  public ChordRouting(ChordConfig config) {
    this.config = config;
  }

  /**
   * The ring position of virtual node {@code index} of the host {@code hostId}: the host id itself for
   * index 0, SHA-1 of the host id followed by the index otherwise.
   */
  public static Key virtualId(Key hostId, int index) {
    if (index == 0) {
      return hostId;
    }
    byte[] b = (hostId.toHex() + "#" + index).getBytes(StandardCharsets.UTF_8);
    return Key.sha1(b);
  }

  @Override
  public String name() {
    return ChordProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return ChordMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    Peer self = context.self();
    vnodes = new VirtualNode[config.virtualNodes()];
    for (int i = 0; i < vnodes.length; i++) {
      vnodes[i] = new VirtualNode(virtualId(self.id(), i), self, config.successors());
    }
    lookup = new ChordLookup(this);
    replicator = new Replicator(this);
    stabilizer = new Stabilizer(this);
    keywords = new KeywordIndex(this);
  }

  // ---- accessors for the parts ----

  StrategyContext ctx() {
    return ctx;
  }

  ChordConfig config() {
    return config;
  }

  VirtualNode[] vnodes() {
    return vnodes;
  }

  ChordLookup lookup() {
    return lookup;
  }

  Replicator replicator() {
    return replicator;
  }

  Stabilizer stabilizer() {
    return stabilizer;
  }

  boolean isClosed() {
    return closed;
  }

  /** The local virtual node with this id, or null. */
  VirtualNode vnode(Key id) {
    if (id == null) {
      return vnodes[0];
    }
    for (VirtualNode v : vnodes) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    return null;
  }

  /** The local virtual node that should start a lookup for {@code key}: the one closest before or at it. */
  VirtualNode originFor(Key key) {
    VirtualNode best = vnodes[0];
    for (VirtualNode v : vnodes) {
      if (v.id.clockwiseDistance(key).compareTo(best.id.clockwiseDistance(key)) < 0) {
        best = v;
      }
    }
    return best;
  }

  /** True if {@code c} is one of this host's virtual nodes. */
  boolean isLocal(Contact c) {
    return c.host().id().equals(ctx.self().id());
  }

  /** Sends a request to a virtual node, handling it directly if the node is local. */
  Future<Message> request(Contact to, Message m) {
    return request(to, m, ctx.requestTimeoutMillis());
  }

  /** Sends a request with a timeout in milliseconds, handling it directly if the node is local. */
  Future<Message> request(Contact to, Message m, long timeoutMillis) {
    if (closed) {
      return Future.failedFuture("chord on " + ctx.self() + " is closed");
    }
    if (isLocal(to)) {
      return onRequest(ctx.self(), m);
    }
    return ctx.transport().request(to.host(), m, timeoutMillis);
  }

  /** Sends a request to a bootstrap address. */
  Future<Message> request(Address to, Message m) {
    if (closed) {
      return Future.failedFuture("chord on " + ctx.self() + " is closed");
    }
    return ctx.transport().request(to, m, ctx.requestTimeoutMillis());
  }

  /** Sends a one-way message to a virtual node, delivering it directly if local. */
  void send(Contact to, Message m) {
    if (closed) {
      return;
    }
    if (isLocal(to)) {
      onMessage(ctx.self(), m);
    } else {
      ctx.transport().send(to.host(), m);
    }
  }

  /**
   * Forgets a contact that failed to answer: a missing virtual node ({@link RemoteException}) is dropped
   * by id, an unreachable or silent host with all its virtual nodes. Successor-list changes trigger
   * re-replication.
   */
  void forget(Contact c, Throwable cause) {
    if (isLocal(c)) {
      return;
    }
    ctx.stats().increment("chord.contacts.forgotten");
    LOG.debug("{} forgets {}: {}", ctx.self(), c, cause == null ? "departed" : cause.getMessage());
    boolean wholeHost = !(cause instanceof RemoteException);
    for (VirtualNode v : vnodes) {
      List<Contact> before = v.replicaTargets(config.replicas());
      boolean changed;
      if (wholeHost) {
        changed = v.successors.removeHost(c.host().id());
        v.fingers.removeHost(c.host().id());
        if (v.predecessor != null && v.predecessor.hostedBy(c.host().id())) {
          v.predecessorAlive = false;
        }
      } else {
        changed = v.forget(c.id());
      }
      v.quietFingerFixes = 0;
      if (changed) {
        v.quietStabilizes = 0;
        replicator.onSuccessorsChanged(v, before);
      }
    }
  }

  // ---- RoutingStrategy ----

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    return stabilizer.join(bootstrap).onSuccess(x -> startTimers());
  }

  private void startTimers() {
    if (closed || !timers.isEmpty()) {
      return;
    }
    Timers t = ctx.timers();
    timers.add(t.periodic(config.stabilizeMillis(), config.stabilizeMillis() / 4, this::maintain));
    timers.add(t.periodic(config.fixFingersMillis(), config.fixFingersMillis() / 4, stabilizer::fixFingersAll));
    // A fallback: each predecessor contact also arms a one-shot check for when its silence runs out.
    timers.add(t.periodic(config.checkPredecessorMillis(), config.checkPredecessorMillis() / 4, stabilizer::checkPredecessorsAll));
    timers.add(t.periodic(config.syncMillis(), config.syncMillis() / 4, replicator::sweep));
  }

  /** Every stabilize period: note neighbour changes, stabilize, and offer pending records to their owners. */
  private void maintain() {
    long now = ctx.clock().millis();
    for (VirtualNode v : vnodes) {
      v.neighboursChangedAt(now);
    }
    stabilizer.stabilizeAll();
    replicator.settlePending();
  }

  @Override
  public Future<Void> put(Record record) {
    return replicator.put(record).compose(x -> keywords.onPut(record));
  }

  @Override
  public Future<Lookup> get(Key key) {
    return lookup.get(key).map(r -> new Lookup(r.records(), r.hops(), r.path().stream().map(Contact::host).toList()));
  }

  @Override
  public Future<List<SearchHit>> search(List<String> words, int limit, long deadlineMillis) {
    return keywords.search(words, limit, deadlineMillis);
  }

  @Override
  public void onMessage(Peer from, Message message) {
    if (closed) {
      return;
    }
    if (message instanceof ChordMessages.LeaveNotice n) {
      VirtualNode v = vnode(n.target());
      if (v != null) {
        stabilizer.onLeaveNotice(v, n);
      }
    } else if (message instanceof ChordMessages.JoinHint h) {
      VirtualNode v = vnode(h.target());
      if (v != null) {
        stabilizer.onJoinHint(v);
      }
    } else {
      LOG.debug("ignoring one-way {} from {}", message.type(), from);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message m) {
    if (closed) {
      return Future.failedFuture("chord on " + ctx.self() + " is closed");
    }
    VirtualNode v = vnode(targetOf(m));
    if (v == null) {
      return Future.failedFuture("no virtual node " + targetOf(m) + " at " + ctx.self());
    }
    if (m instanceof ChordMessages.FindRequest r) {
      return Future.succeededFuture(lookup.answerFind(v, r.key(), r.dead().isEmpty() ? java.util.Set.of() : new java.util.HashSet<>(r.dead())));
    } else if (m instanceof ChordMessages.RecursiveRequest r) {
      return lookup.onRecursive(v, r);
    } else if (m instanceof ChordMessages.StabilizeRequest r) {
      return Future.succeededFuture(stabilizer.onStabilize(v, r.from()));
    } else if (m instanceof ChordMessages.PingRequest) {
      return Future.succeededFuture(new ChordMessages.PingReply());
    } else if (m instanceof ChordMessages.FingersRequest) {
      return Future.succeededFuture(new ChordMessages.FingersReply(v.fingers.distinct()));
    } else if (m instanceof ChordMessages.StoreRequest r) {
      return replicator.onStore(v, r);
    } else if (m instanceof ChordMessages.FetchRequest r) {
      return Future.succeededFuture(replicator.onFetch(v, r.key()));
    } else if (m instanceof ChordMessages.DigestRequest r) {
      return Future.succeededFuture(replicator.onDigest(v, r));
    }
    return Future.failedFuture("chord has no handler for request " + m.type());
  }

  private static Key targetOf(Message m) {
    if (m instanceof ChordMessages.FindRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.RecursiveRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.StabilizeRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.PingRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.FingersRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.StoreRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.FetchRequest r) {
      return r.target();
    } else if (m instanceof ChordMessages.DigestRequest r) {
      return r.target();
    }
    return null;
  }

  @Override
  public Future<Void> leave() {
    return stabilizer.leave().onComplete(ar -> close());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timers.forEach(Timers.Timer::cancel);
    timers.clear();
    if (stabilizer != null) {
      stabilizer.cancelChecks();
    }
  }

  @Override
  public int stateSize() {
    int n = 0;
    if (vnodes != null) {
      for (VirtualNode v : vnodes) {
        n += v.stateSize();
      }
    }
    return n;
  }

  // ---- inspection (tests and tools) ----

  /** This host's virtual node ids, index order. */
  public List<Key> virtualIds() {
    List<Key> out = new ArrayList<>();
    for (VirtualNode v : vnodes) {
      out.add(v.id);
    }
    return out;
  }

  /** The successor list of virtual node {@code index}, nearest first. */
  public List<Contact> successors(int index) {
    return vnodes[index].successors.asList();
  }

  /** The predecessor of virtual node {@code index}, or null. */
  public Contact predecessor(int index) {
    return vnodes[index].predecessor;
  }

  /** Finger {@code i} of virtual node {@code index}, or null if unknown. */
  public Contact finger(int index, int i) {
    return vnodes[index].fingers.get(i);
  }

  /**
   * Resolves the owner of {@code key} without fetching records, the way a lookup would (for tests).
   *
   * @return the owner followed by its successors, with the hops and path taken
   */
  Future<ChordLookup.Result> route(Key key) {
    return lookup.route(originFor(key), key);
  }
}
