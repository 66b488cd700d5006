package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
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
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Napster-style central index, routing name {@code central}. A node is either an index server
 * ({@code index-server=true}, optionally a {@code standby} of a {@code primary}) or a client that
 * registers what it shares with the servers given as bootstrap addresses (primary first, then
 * standbys). Items stay at the node that shares them; the index only knows who holds what. A lookup
 * asks the index for the holders, probes them (RTT and bandwidth), ranks them by expected transfer
 * time and fetches their records, best first (hops = the index plus the holders asked: 2 for a key
 * with one publisher); a search is answered by the index alone (hops = 1).
 *
 * <p>An index server can share items too: they go straight into its own index (on a standby, only
 * into the standby's index), and its lookups and searches are answered locally.
 *
 * <p>This class only dispatches to the roles: {@link IndexServer} (with {@link StandbyMirror}) and
 * {@link IndexClient}. Every node, whatever its role, answers fetch requests from its local store.
 */
public final class CentralIndex implements RoutingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(CentralIndex.class);

  private final CentralOptions options;
  private StrategyContext ctx;
  private IndexServer server;
  private IndexClient client;
  private HolderFetch fetch;
  /** A server's own shared items (a server registers with itself). */
  private final Map<Key, SharedItem> own = new LinkedHashMap<>();
  private long ownSeq;
  private Timers.Timer ownRenewTimer;

  /** A strategy with parsed options; {@link #init} gives it its context. */
  public CentralIndex(CentralOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return CentralProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return CentralMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    this.fetch = new HolderFetch(context, options.probeBytes());
    if (options.indexServer()) {
      server = new IndexServer(context, options);
    } else {
      client = new IndexClient(context, options);
    }
  }

  /** True if this node serves the index. */
  public boolean isIndexServer() {
    return server != null;
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    if (server != null) {
      if (ownRenewTimer == null) {
        long period = Math.max(1, options.leaseMillis() / 3);
        ownRenewTimer = ctx.timers().periodic(period, period / 10, this::renewOwn);
      }
      return server.start();
    }
    return client.join(bootstrap);
  }

  @Override
  public Future<Void> put(Record record) {
    if (client != null) {
      return client.put(record);
    }
    ctx.store().put(record);
    List<SharedItem> add = new ArrayList<>();
    List<Key> removed = new ArrayList<>();
    if (record.isTombstone()) {
      own.remove(record.key());
      removed.add(record.key());
    } else {
      SharedItem i = SharedItem.of(record);
      own.put(record.key(), i);
      add.add(i);
    }
    return registerOwn(false, add, removed).onFailure(e -> add.forEach(i -> own.remove(i.key(), i))).mapEmpty();
  }

  private Future<Message> registerOwn(boolean replace, List<SharedItem> add, List<Key> removed) {
    long now = ctx.clock().millis();
    ownSeq = Math.max(ownSeq + 1, now);
    Registration r = Registration.create(ctx.signer(), ctx.self(), ownSeq, now + options.leaseMillis(), replace, add, removed);
    return server.onRegister(ctx.self(), r);
  }

  private void renewOwn() {
    if (own.isEmpty()) {
      return;
    }
    // a full re-registration is cheap locally and heals any divergence
    List<SharedItem> all = new ArrayList<>(own.values());
    for (int i = 0; i < all.size(); i += Registration.MAX_CHANGES) {
      registerOwn(i == 0, all.subList(i, Math.min(all.size(), i + Registration.MAX_CHANGES)), List.of())
          .onFailure(e -> LOG.warn("index server could not renew its own items: {}", e.getMessage()));
    }
  }

  @Override
  public Future<Lookup> get(Key key) {
    if (client != null) {
      return client.get(key);
    }
    return fetch.fetch(key, server.holders(key), List.of());
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    if (client != null) {
      return client.search(keywords, limit, deadlineMillis);
    }
    return Future.succeededFuture(server.search(keywords, limit, 0));
  }

  @Override
  public void onMessage(Peer from, Message message) {
    if (message instanceof CentralMessages.MirrorUpdate u && server != null) {
      server.onMirrorUpdate(from, u.registration());
    } else {
      LOG.debug("ignoring one-way {} from {}", message.type(), from);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (request instanceof CentralMessages.FetchRequest f) {
      List<Record> held = ctx.store().get(f.key());
      if (held.size() > CentralMessages.MAX_FETCH_RECORDS) {
        held = held.subList(0, CentralMessages.MAX_FETCH_RECORDS);
      }
      ctx.stats().increment("central.served");
      return Future.succeededFuture(new CentralMessages.FetchResponse(held));
    }
    if (server == null) {
      return Future.failedFuture(new HopscotchException("node " + ctx.self() + " is not an index server (request "
          + request.type() + " from " + from + ")"));
    }
    if (request instanceof CentralMessages.RegisterRequest r) {
      return server.onRegister(from, r.registration());
    }
    if (request instanceof CentralMessages.LookupRequest l) {
      return Future.succeededFuture(new CentralMessages.LookupResponse(ctx.self(), server.holders(l.key())));
    }
    if (request instanceof CentralMessages.SearchRequest s) {
      return Future.succeededFuture(new CentralMessages.SearchResponse(ctx.self(), server.hits(s.words(), s.limit())));
    }
    if (request instanceof CentralMessages.MirrorRequest m) {
      return server.onMirrorRequest(from, m);
    }
    return Future.failedFuture(new HopscotchException("central index does not answer " + request.type()));
  }

  @Override
  public Future<Void> leave() {
    if (client != null) {
      return client.leave();
    }
    if (!own.isEmpty()) {
      own.clear();
      registerOwn(true, List.of(), List.of());
    }
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    if (ownRenewTimer != null) {
      ownRenewTimer.cancel();
      ownRenewTimer = null;
    }
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Override
  public int stateSize() {
    if (server != null) {
      return server.table().size();
    }
    return client == null ? 0 : client.registeredKeys();
  }

  /** The server role's table, or null on a client (for tests and tools). */
  public IndexTable indexTable() {
    return server == null ? null : server.table();
  }

  /** The address of the index server a client currently uses, or null on a server. */
  public Address currentIndexServer() {
    return client == null ? null : client.currentAddress();
  }
}
