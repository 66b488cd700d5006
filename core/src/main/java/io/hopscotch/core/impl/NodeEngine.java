package io.hopscotch.core.impl;

import io.hopscotch.core.Address;
import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Download;
import io.hopscotch.core.GetResult;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.InboundHandler;
import io.hopscotch.core.spi.LocalStore;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.Overlay;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.spi.Transport;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageRegistry;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.ProtocolViolationException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node itself, independent of where it runs: it wires a routing strategy and a transfer strategy
 * to a {@link NodeRuntime}, signs what the application puts, verifies what lookups return, answers
 * core's own messages, and keeps the stats. The network node and the simulated node are both this
 * engine on different runtimes.
 */
public final class NodeEngine implements Node, InboundHandler {

  private static final Logger LOG = LoggerFactory.getLogger(NodeEngine.class);

  private final NodeOptions options;
  private final NodeRuntime runtime;
  private final RoutingStrategy routing;
  private final TransferStrategy transfer;
  private final LocalStore store;
  private final Stats stats;
  private final MessageRegistry registry;
  private final ProbeCache probes;
  private final Context routingContext;
  private final Context transferContext;
  private volatile Peer self;
  private volatile boolean started;
  private volatile boolean closed;
  private Future<Void> closeFuture;
  private long lastVersion;

  /**
   * An engine. Strategies are given their context when the node starts.
   *
   * @param transfer may be null: the node then refuses publish and fetch with a clear message
   * @throws IllegalArgumentException if message type ids collide or leave their ranges
   */
  public NodeEngine(NodeOptions options, NodeRuntime runtime, RoutingStrategy routing, TransferStrategy transfer, Stats stats) {
    this.options = new NodeOptions(options);
    // Built after the options: each context carries its own strategy's options.
    this.probes = new ProbeCache(runtime.clock(), options.getProbeCacheTtl().toMillis(), 4096);
    this.routingContext = new Context(StrategyOptions.of(options.getRoutingOptions()));
    this.transferContext = new Context(StrategyOptions.of(options.getTransferOptions()));
    this.runtime = runtime;
    this.routing = routing;
    this.transfer = transfer;
    this.stats = stats;
    this.store = new LocalStore(runtime.verifier(), runtime.clock(), options.getMaxValueBytes(), options.getMaxRecords(), options.getMaxStoreBytes());
    checkRange(routing.name(), routing.messageTypes(), MessageType.ROUTING_MIN, MessageType.TRANSFER_MIN - 1);
    List<List<MessageType<?>>> lists = new ArrayList<>();
    lists.add(CoreMessages.types());
    lists.add(routing.messageTypes());
    if (transfer != null) {
      checkRange(transfer.name(), transfer.messageTypes(), MessageType.TRANSFER_MIN, 599);
      lists.add(transfer.messageTypes());
    }
    List<MessageType<?>> all = new ArrayList<>();
    lists.forEach(all::addAll);
    this.registry = MessageRegistry.of(all);
    this.self = new Peer(runtime.signer().id(), new Address(options.getHost(), options.getPort()));
  }

  private static void checkRange(String owner, List<MessageType<?>> types, int min, int max) {
    for (MessageType<?> t : types) {
      if (t.id() < min || t.id() > max) {
        throw new IllegalArgumentException(owner + " message type " + t + " is outside its id range " + min + ".." + max);
      }
    }
  }

  /** Every message type this node understands, for the transport's decoder. */
  public MessageRegistry registry() {
    return registry;
  }

  /** The local store (tests and tools inspect it). */
  public LocalStore store() {
    return store;
  }

  /** The routing strategy (tests inspect it). */
  public RoutingStrategy routingStrategy() {
    return routing;
  }

  /** The runtime. */
  public NodeRuntime runtime() {
    return runtime;
  }

  // ---- lifecycle ----

  @Override
  public Future<Node> start() {
    return onLoop(() -> {
      if (started) {
        return Future.succeededFuture(this);
      }
      if (closed) {
        return Future.failedFuture(new HopscotchException("node is closed"));
      }
      return runtime.transport().start(this).map(address -> {
        self = new Peer(runtime.signer().id(), address);
        routing.init(routingContext);
        if (transfer != null) {
          transfer.init(transferContext);
        }
        started = true;
        LOG.debug("node {} started at {} with routing {}", self.id(), address, routing.name());
        return (Node) this;
      });
    });
  }

  @Override
  public Future<Void> join() {
    return join(options.getBootstrap());
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    List<Address> peers = List.copyOf(bootstrap);
    return onLoop(() -> {
      requireStarted();
      long timeout = options.getJoinTimeout().toMillis();
      Promise<Void> p = Promise.promise();
      Timers.Timer t = runtime.timers().once(timeout, () -> p.tryFail(new HopscotchException(
          "join timed out after " + timeout + " ms: no bootstrap peer among " + peers + " completed the join")));
      routing.join(peers).onComplete(ar -> {
        t.cancel();
        if (ar.succeeded()) {
          p.tryComplete();
        } else {
          p.tryFail(new HopscotchException("join through " + peers + " failed: " + ar.cause().getMessage(), ar.cause()));
        }
      });
      return p.future();
    });
  }

  @Override
  public Future<Void> leave() {
    return onLoop(() -> {
      requireStarted();
      return routing.leave();
    });
  }

  @Override
  public Future<Void> close() {
    synchronized (this) {
      if (closeFuture != null) {
        return closeFuture;
      }
      closed = true;
      Promise<Void> done = Promise.promise();
      closeFuture = done.future();
      runtime.execute(() -> {
        try {
          routing.close();
        } catch (RuntimeException e) {
          LOG.warn("routing strategy failed to close", e);
        }
        if (transfer != null) {
          try {
            transfer.close();
          } catch (RuntimeException e) {
            LOG.warn("transfer strategy failed to close", e);
          }
        }
        runtime.transport().close()
            .transform(ar -> runtime.shutdown())
            .onComplete(ar -> done.tryComplete());
      });
      return closeFuture;
    }
  }

  /** Stops the node as a crash would: strategies stop, nothing is sent, the transport closes. */
  public Future<Void> crash() {
    return close();
  }

  // ---- data operations ----

  @Override
  public Future<Void> put(Key key, byte[] value, PutOptions putOptions) {
    byte[] copy = value.clone();
    return onLoop(() -> {
      requireStarted();
      if (copy.length > options.getMaxValueBytes()) {
        return Future.failedFuture(new InvalidRecordException("value of " + copy.length + " bytes exceeds maxValueBytes "
            + options.getMaxValueBytes() + "; publish bigger content with publish()"));
      }
      Duration ttl = putOptions.getTtl() != null ? putOptions.getTtl() : options.getRecordTtl();
      Record r = Record.create(runtime.signer(), key, copy, putOptions.getKeywords(), nextVersion(),
          runtime.clock().millis() + ttl.toMillis());
      return routing.put(r);
    });
  }

  @Override
  public Future<Void> remove(Key key) {
    return onLoop(() -> {
      requireStarted();
      Record t = Record.tombstone(runtime.signer(), key, nextVersion(), runtime.clock().millis() + options.getRecordTtl().toMillis());
      return routing.put(t);
    });
  }

  private long nextVersion() {
    lastVersion = Math.max(lastVersion + 1, runtime.clock().millis());
    return lastVersion;
  }

  @Override
  public Future<GetResult> get(Key key) {
    return onLoop(() -> {
      requireStarted();
      long t0 = runtime.clock().nanos();
      return routing.get(key).transform(ar -> {
        if (ar.failed()) {
          stats.lookupFailed();
          return Future.failedFuture(ar.cause());
        }
        Lookup l = ar.result();
        long latency = runtime.clock().nanos() - t0;
        stats.lookup(l.hops(), latency);
        return Future.succeededFuture(new GetResult(key, live(key, l.records()), l.hops(), l.path(), latency));
      });
    });
  }

  /** Verified, newest-per-publisher, non-tombstone, unexpired records under {@code key}. */
  private List<Record> live(Key key, List<Record> found) {
    Map<Key, Record> newest = new HashMap<>();
    long now = runtime.clock().millis();
    for (Record r : found) {
      if (!r.key().equals(key)) {
        LOG.debug("dropping record for {} returned for key {}", r.key(), key);
        continue;
      }
      try {
        r.verify(runtime.verifier(), Math.max(options.getMaxValueBytes(), r.valueLength()), now);
      } catch (InvalidRecordException e) {
        LOG.debug("dropping record returned by lookup: {}", e.getMessage());
        stats.increment("records.rejected");
        continue;
      }
      newest.merge(r.publisher(), r, (a, b) -> b.supersedes(a) ? b : a);
    }
    List<Record> out = new ArrayList<>();
    for (Record r : newest.values()) {
      if (!r.isTombstone()) {
        out.add(r);
      }
    }
    out.sort((a, b) -> a.publisher().compareTo(b.publisher()));
    return out;
  }

  @Override
  public Future<List<SearchHit>> search(String query, int limit, Duration timeout) {
    if (limit <= 0) {
      return Future.failedFuture(new IllegalArgumentException("search limit must be positive, got " + limit));
    }
    List<String> words = Record.keywordsOf(query);
    if (words.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("search query has no words: '" + query + "'"));
    }
    return onLoop(() -> {
      requireStarted();
      long t = timeout != null ? timeout.toMillis() : options.getRequestTimeout().toMillis();
      return routing.search(words, limit, runtime.clock().millis() + t);
    });
  }

  @Override
  public Future<ContentInfo> publish(Path path) {
    return onLoop(() -> {
      requireStarted();
      return requireTransfer().publish(path);
    });
  }

  @Override
  public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
    return download(content, directory, progress).result();
  }

  @Override
  public Download download(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(progress, "progress");
    return startDownload(content.id(), d -> requireTransfer().fetch(content, directory, d.relay(progress), d.cancelSignal()));
  }

  @Override
  public Download download(Key contentId, Path directory, Consumer<TransferProgress> progress) {
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(progress, "progress");
    return startDownload(contentId, d -> requireTransfer().fetch(contentId, directory, d.relay(progress), d.cancelSignal()));
  }

  /** Starts {@code fetch} on the loop behind a handle; exceptions fail the handle's result. */
  private Download startDownload(Key id, Function<RunningDownload, Future<Path>> fetch) {
    RunningDownload d = new RunningDownload(id, runtime, () -> closed);
    runtime.execute(() -> {
      try {
        requireStarted();
        d.attach(fetch.apply(d));
      } catch (RuntimeException e) {
        d.fail(e);
      }
    });
    return d;
  }

  private TransferStrategy requireTransfer() {
    if (transfer == null) {
      throw new HopscotchException("this node has no transfer strategy (transfer '" + options.getTransfer()
          + "' is not on the class path: add hopscotch-transfer)");
    }
    return transfer;
  }

  private void requireStarted() {
    if (closed) {
      throw new HopscotchException("node " + self.id() + " is closed");
    }
    if (!started) {
      throw new HopscotchException("node is not started: call start() first");
    }
  }

  /** Runs {@code op} on the node's loop and relays its result; exceptions become failed futures. */
  private <T> Future<T> onLoop(Supplier<Future<T>> op) {
    Promise<T> p = Promise.promise();
    runtime.execute(() -> {
      try {
        op.get().onComplete(p);
      } catch (RuntimeException e) {
        p.tryFail(e);
      }
    });
    return p.future();
  }

  // ---- inbound ----

  @Override
  public void onMessage(Peer from, Message message) {
    if (!started || closed) {
      return;
    }
    int id = message.type().id();
    try {
      if (id >= MessageType.TRANSFER_MIN && transfer != null) {
        transfer.onMessage(from, message);
      } else if (id >= MessageType.ROUTING_MIN && id < MessageType.TRANSFER_MIN) {
        routing.onMessage(from, message);
      } else {
        LOG.debug("ignoring one-way {} from {}", message.type(), from);
      }
    } catch (RuntimeException e) {
      LOG.warn("handler for {} from {} failed", message.type(), from, e);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (!started || closed) {
      return Future.failedFuture("node " + self.id() + " is not serving");
    }
    int id = request.type().id();
    try {
      if (request instanceof CoreMessages.ProbeRequest pr) {
        return Future.succeededFuture(new CoreMessages.ProbeResponse(pr.size()));
      } else if (id >= MessageType.TRANSFER_MIN && transfer != null) {
        return transfer.onRequest(from, request);
      } else if (id >= MessageType.ROUTING_MIN && id < MessageType.TRANSFER_MIN) {
        return routing.onRequest(from, request);
      }
      return Future.failedFuture("no handler for request " + request.type());
    } catch (ProtocolViolationException e) {
      // Kept as it is: the transport closes the connection of a peer that violates the protocol.
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      LOG.warn("handler for {} from {} failed", request.type(), from, e);
      return Future.failedFuture(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  // ---- queries ----

  @Override
  public Peer self() {
    return self;
  }

  @Override
  public Stats stats() {
    return stats.snapshot();
  }

  /** The live stats object (the simulator aggregates it without copying). */
  public Stats liveStats() {
    return stats;
  }

  @Override
  public int stateSize() {
    return routing.stateSize();
  }

  @Override
  public int storedRecords() {
    return store.size();
  }

  @Override
  public String routing() {
    return routing.name();
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "Node[" + self + " " + routing.name() + "]";
  }

  /** The context handed to a strategy: everything shared, but each strategy sees its own options. */
  private final class Context implements StrategyContext, Overlay {
    private final StrategyOptions strategyOptions;

    Context(StrategyOptions strategyOptions) {
      this.strategyOptions = strategyOptions;
    }

    @Override
    public Peer self() {
      return self;
    }

    @Override
    public Signer signer() {
      return runtime.signer();
    }

    @Override
    public Verifier verifier() {
      return runtime.verifier();
    }

    @Override
    public Transport transport() {
      return runtime.transport();
    }

    @Override
    public Clock clock() {
      return runtime.clock();
    }

    @Override
    public Timers timers() {
      return runtime.timers();
    }

    @Override
    public Random random() {
      return runtime.random();
    }

    @Override
    public LocalStore store() {
      return store;
    }

    @Override
    public Stats stats() {
      return stats;
    }

    @Override
    public StrategyOptions options() {
      return strategyOptions;
    }

    @Override
    public boolean firewalled() {
      return options.isFirewalled();
    }

    @Override
    public long requestTimeoutMillis() {
      return options.getRequestTimeout().toMillis();
    }

    @Override
    public Future<ProbeResult> probe(Peer peer, int payloadBytes) {
      if (payloadBytes < 0 || payloadBytes > CoreMessages.MAX_PROBE_BYTES) {
        return Future.failedFuture(new IllegalArgumentException("probe payload must be 0.." + CoreMessages.MAX_PROBE_BYTES + ", got " + payloadBytes));
      }
      ProbeResult cached = probes.get(peer, payloadBytes);
      if (cached != null) {
        return Future.succeededFuture(cached);
      }
      Clock c = runtime.clock();
      long t0 = c.nanos();
      return measure(peer, payloadBytes, c, t0).onSuccess(r -> probes.put(peer, payloadBytes, r));
    }

    private Future<ProbeResult> measure(Peer peer, int payloadBytes, Clock c, long t0) {
      return runtime.transport().request(peer, new CoreMessages.ProbeRequest(0)).compose(r1 -> {
        long rtt = Math.max(1, c.nanos() - t0);
        if (payloadBytes == 0) {
          return Future.succeededFuture(new ProbeResult(peer, rtt, Double.POSITIVE_INFINITY));
        }
        long t1 = c.nanos();
        return runtime.transport().request(peer, new CoreMessages.ProbeRequest(payloadBytes)).map(r2 -> {
          long extra = c.nanos() - t1 - rtt;
          double bps = extra <= 0 ? Double.POSITIVE_INFINITY : payloadBytes / (extra / 1e9);
          return new ProbeResult(peer, rtt, bps);
        });
      });
    }

    @Override
    public Overlay overlay() {
      return this;
    }

    @Override
    public <T> Future<T> executeBlocking(java.util.concurrent.Callable<T> task) {
      return runtime.executeBlocking(task);
    }

    @Override
    public Future<Void> put(Key key, byte[] value, List<String> keywords, long ttlMillis) {
      Record r = Record.create(runtime.signer(), key, value, keywords, nextVersion(), runtime.clock().millis() + ttlMillis);
      return routing.put(r);
    }

    @Override
    public Future<List<Record>> get(Key key) {
      return routing.get(key).map(l -> live(key, l.records()));
    }
  }
}
