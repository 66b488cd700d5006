package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client role of the central index: it keeps its shared items in the local store, registers
 * them with the index server, renews the lease, asks the index who holds a key and fetches from the
 * best holder, and fails over to the next index server (primary first, then standbys) when the
 * current one stops answering; once the primary answers again, it moves back to it.
 *
 * <p>Registrations go out one at a time, in order, so the server sees sequence numbers in the order
 * they were made; changes made while one is in flight are batched into the next. Each
 * {@link #put} completes once a registration covering it was accepted. After a failover, or when the
 * server's count of this client's entries disagrees with the client's, the client re-registers
 * everything (a replacing registration, then additions in chunks).
 */
final class IndexClient {

  private static final Logger LOG = LoggerFactory.getLogger(IndexClient.class);

  private record Waiter(long op, Promise<Void> promise) {
  }

  private final StrategyContext ctx;
  private final CentralOptions options;
  private final HolderFetch fetch;
  private List<Address> servers = List.of();
  private int current;
  private Peer currentServer;
  /** What this node shares, in registration order. */
  private final LinkedHashMap<Key, SharedItem> items = new LinkedHashMap<>();
  /** Keys changed since the last registration, with the number of the change; in change order. */
  private final LinkedHashMap<Key, Long> dirty = new LinkedHashMap<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long opCounter;
  private long seq;
  private boolean inFlight;
  private boolean resyncNeeded;
  private ArrayDeque<Key> resyncRemaining;
  private boolean resyncFirst;
  private long resyncCovers;
  private boolean renewDue;
  private boolean leaving;
  private boolean left;
  private boolean closed;
  private Timers.Timer renewTimer;

  IndexClient(StrategyContext ctx, CentralOptions options) {
    this.ctx = ctx;
    this.options = options;
    this.fetch = new HolderFetch(ctx, options.probeBytes());
  }

  /**
   * Registers with the first index server of {@code bootstrap} that answers. Fails with the address
   * named if the first one answers but is not an index server (a data node given by mistake), or if
   * none answers.
   */
  Future<Void> join(List<Address> bootstrap) {
    if (bootstrap.isEmpty()) {
      return Future.failedFuture(new HopscotchException(
          "a central index client joins through the index servers' addresses (primary first, then standbys); none given"));
    }
    servers = List.copyOf(bootstrap);
    current = 0;
    left = false;
    leaving = false;
    // ask the first address before registering: a node that is not an index server refuses every
    // registration, which the registration path takes for refused items, and the join would succeed
    // against a node that can never serve it
    Address first = servers.get(0);
    return ctx.transport().request(first, new CentralMessages.LookupRequest(Key.ZERO), ctx.requestTimeoutMillis())
        .transform(ar -> {
          if (ar.failed() && ar.cause() instanceof RemoteException) {
            return Future.failedFuture(new HopscotchException("cannot join through " + first + ": it is not an index server ("
                + ar.cause().getMessage() + "); a central index client joins through the index servers' addresses", ar.cause()));
          }
          // unreachable or answering: registration goes on (and fails over to the next address if need be)
          resyncNeeded = true;
          Future<Void> done = enqueue();
          if (renewTimer == null) {
            long period = Math.max(1, options.leaseMillis() / 3);
            renewTimer = ctx.timers().periodic(period, period / 10, this::renew);
          }
          return done;
        });
  }

  /** Keeps the record locally and (un)registers its key with the index. */
  Future<Void> put(Record record) {
    if (servers.isEmpty() || left || leaving) {
      return Future.failedFuture(new HopscotchException("central: join an index server before put"));
    }
    ctx.store().put(record);
    Key k = record.key();
    if (record.isTombstone()) {
      items.remove(k);
    } else {
      items.put(k, SharedItem.of(record));
    }
    dirty.remove(k);
    dirty.put(k, opCounter + 1);
    return enqueue();
  }

  private Future<Void> enqueue() {
    long op = ++opCounter;
    Promise<Void> p = Promise.promise();
    waiters.add(new Waiter(op, p));
    pump();
    return p.future();
  }

  private void renew() {
    if (closed || left || leaving) {
      return;
    }
    dropExpired();
    renewDue = true;
    pump();
    if (current != 0) {
      tryFailBack();
    }
  }

  /**
   * After a failover, checks whether the primary answers again and, if so, moves back to it and
   * re-registers everything there, so that clients joining later (primary first) and clients that
   * failed over end up on the same index.
   */
  private void tryFailBack() {
    Address primary = servers.get(0);
    ctx.transport().request(primary, new CentralMessages.LookupRequest(Key.ZERO), ctx.requestTimeoutMillis()).onSuccess(m -> {
      if (closed || left || leaving || current == 0) {
        return;
      }
      LOG.info("index server {} answers again; moving back to it", primary);
      ctx.stats().increment("central.failback");
      current = 0;
      currentServer = null;
      resyncNeeded = true;
      resyncRemaining = null;
      pump();
    });
  }

  /** Unregisters items whose record expired from the local store: nobody could fetch them any more. */
  private void dropExpired() {
    Key me = ctx.self().id();
    List<Key> gone = new ArrayList<>();
    for (Key k : items.keySet()) {
      Record r = ctx.store().get(k, me);
      if (r == null || r.isTombstone() || r.expiresAtMillis() <= ctx.clock().millis()) {
        gone.add(k);
      }
    }
    for (Key k : gone) {
      items.remove(k);
      dirty.remove(k);
      dirty.put(k, ++opCounter);
    }
    if (!gone.isEmpty()) {
      ctx.stats().add("central.expired_local", gone.size());
    }
  }

  /** Sends the next registration, if none is in flight. */
  private void pump() {
    if (inFlight || closed || left || servers.isEmpty()) {
      return;
    }
    if (leaving) {
      send(true, List.of(), List.of(), ack -> {
        left = true;
        dirty.clear();
        flushed(opCounter);
      }, e -> {
        left = true;
        flushed(opCounter);
      });
      return;
    }
    if (resyncNeeded) {
      resyncNeeded = false;
      resyncRemaining = new ArrayDeque<>(items.keySet());
      resyncFirst = true;
      resyncCovers = opCounter;
      dirty.clear();
    }
    if (resyncRemaining != null) {
      List<SharedItem> chunk = new ArrayList<>();
      while (!resyncRemaining.isEmpty() && chunk.size() < Registration.MAX_CHANGES) {
        SharedItem i = items.get(resyncRemaining.poll());
        if (i != null) {
          chunk.add(i);
        }
      }
      boolean first = resyncFirst;
      send(first, chunk, List.of(), ack -> {
        resyncFirst = false;
        if (resyncRemaining != null && resyncRemaining.isEmpty()) {
          resyncRemaining = null;
          ctx.stats().increment("central.resync");
          flushed(resyncCovers);
        }
      }, e -> {
        dropRefused(chunk, e);
        if (resyncRemaining != null && resyncRemaining.isEmpty()) {
          resyncRemaining = null;
          flushed(resyncCovers);
        }
      });
      return;
    }
    if (!dirty.isEmpty()) {
      List<SharedItem> add = new ArrayList<>();
      List<Key> remove = new ArrayList<>();
      Map<Key, Long> taken = new LinkedHashMap<>();
      long lastOp = 0;
      for (Iterator<Map.Entry<Key, Long>> it = dirty.entrySet().iterator(); it.hasNext() && taken.size() < Registration.MAX_CHANGES; ) {
        Map.Entry<Key, Long> e = it.next();
        taken.put(e.getKey(), e.getValue());
        lastOp = e.getValue();
        SharedItem i = items.get(e.getKey());
        if (i != null) {
          add.add(i);
        } else {
          remove.add(e.getKey());
        }
      }
      long covered = lastOp;
      send(false, add, remove, ack -> {
        taken.forEach((k, op) -> dirty.remove(k, op));
        flushed(covered);
      }, e -> {
        taken.forEach((k, op) -> dirty.remove(k, op));
        dropRefused(add, e);
        failUpTo(covered, new HopscotchException("index server refused the registration: " + e.getMessage(), e));
      });
      return;
    }
    if (renewDue) {
      renewDue = false;
      int expected = items.size();
      send(false, List.of(), List.of(), ack -> {
        if (ack.held() != expected) {
          LOG.debug("index holds {} entries of ours, we share {}: re-registering", ack.held(), expected);
          resyncNeeded = true;
        }
      }, e -> resyncNeeded = true);
    }
  }

  private void dropRefused(List<SharedItem> refused, Throwable e) {
    for (SharedItem i : refused) {
      items.remove(i.key(), i);
    }
    if (!refused.isEmpty()) {
      ctx.stats().add("central.refused_items", refused.size());
      LOG.warn("index server refused {} items: {}", refused.size(), e.getMessage());
    }
  }

  private void send(boolean replace, List<SharedItem> add, List<Key> remove, Consumer<CentralMessages.RegisterResponse> onAck,
                    Consumer<Throwable> onRefused) {
    inFlight = true;
    long now = ctx.clock().millis();
    seq = Math.max(seq + 1, now);
    Registration r = Registration.create(ctx.signer(), ctx.self(), seq, now + options.leaseMillis(), replace, add, remove);
    call(new CentralMessages.RegisterRequest(r), ctx.requestTimeoutMillis()).onComplete(ar -> {
      inFlight = false;
      if (closed) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof CentralMessages.RegisterResponse resp) {
        currentServer = resp.server();
        onAck.accept(resp);
      } else if (ar.succeeded()) {
        onRefused.accept(new HopscotchException("index server answered " + ar.result().type() + " to a registration"));
      } else if (ar.cause() instanceof RemoteException) {
        onRefused.accept(ar.cause());
      } else {
        // every index server failed: report to whoever waits, re-register in full at the next renewal
        resyncNeeded = true;
        resyncRemaining = null;
        if (leaving) {
          LOG.warn("could not unregister from any index server; the lease will expire: {}", ar.cause().getMessage());
          left = true;
        }
        failUpTo(opCounter, ar.cause());
        return;
      }
      pump();
    });
  }

  private void flushed(long op) {
    while (!waiters.isEmpty() && waiters.peek().op() <= op) {
      waiters.poll().promise().tryComplete();
    }
  }

  private void failUpTo(long op, Throwable cause) {
    while (!waiters.isEmpty() && waiters.peek().op() <= op) {
      waiters.poll().promise().tryFail(cause);
    }
  }

  /**
   * Sends a request to the current index server; if it is unreachable or times out, switches to the
   * next server in the list (scheduling a full re-registration there) and retries, once per server.
   */
  private Future<Message> call(Message request, long timeoutMillis) {
    return call(request, timeoutMillis, 0, null);
  }

  private Future<Message> call(Message request, long timeoutMillis, int tried, Throwable last) {
    if (tried >= servers.size()) {
      return Future.failedFuture(new HopscotchException("no index server answered among " + servers
          + (last == null ? "" : ": " + last.getMessage()), last));
    }
    Address a = servers.get(current);
    return ctx.transport().request(a, request, timeoutMillis).recover(e -> {
      if (e instanceof RemoteException || closed) {
        return Future.failedFuture(e);
      }
      failover(a, e);
      return call(request, timeoutMillis, tried + 1, e);
    });
  }

  private void failover(Address failed, Throwable cause) {
    if (!servers.get(current).equals(failed)) {
      return; // another request already moved on
    }
    current = (current + 1) % servers.size();
    currentServer = null;
    ctx.stats().increment("central.failover");
    LOG.info("index server {} failed ({}); switching to {}", failed, cause.getMessage(), servers.get(current));
    resyncNeeded = true;
    resyncRemaining = null;
  }

  /** Asks the index who holds {@code key}, then fetches from the best holder. */
  Future<Lookup> get(Key key) {
    if (servers.isEmpty()) {
      return Future.failedFuture(new HopscotchException("central: join an index server before get"));
    }
    return call(new CentralMessages.LookupRequest(key), ctx.requestTimeoutMillis()).compose(m -> {
      if (!(m instanceof CentralMessages.LookupResponse lr)) {
        return Future.failedFuture(new HopscotchException("index server answered " + m.type() + " to a lookup"));
      }
      return fetch.fetch(key, lr.holders(), List.of(lr.server()));
    });
  }

  /** Asks the index for items carrying every word. */
  Future<List<SearchHit>> search(List<String> words, int limit, long deadlineMillis) {
    if (servers.isEmpty()) {
      return Future.failedFuture(new HopscotchException("central: join an index server before search"));
    }
    long left = deadlineMillis - ctx.clock().millis();
    if (left <= 0) {
      return Future.succeededFuture(List.of());
    }
    int capped = Math.min(limit, CentralMessages.MAX_HITS);
    return call(new CentralMessages.SearchRequest(words, capped), Math.min(left, ctx.requestTimeoutMillis())).compose(m -> {
      if (!(m instanceof CentralMessages.SearchResponse sr)) {
        return Future.failedFuture(new HopscotchException("index server answered " + m.type() + " to a search"));
      }
      List<SearchHit> out = new ArrayList<>();
      for (IndexTable.Hit h : sr.hits()) {
        out.add(new SearchHit(h.key(), h.keywords(), h.holders(), h.size(), 1));
      }
      return Future.succeededFuture(out);
    });
  }

  /** Unregisters everything; the local store keeps its records. */
  Future<Void> leave() {
    if (servers.isEmpty() || left) {
      left = true;
      return Future.succeededFuture();
    }
    leaving = true;
    cancelRenew();
    resyncNeeded = false;
    resyncRemaining = null;
    return enqueue().recover(e -> {
      // the lease ends the entries anyway; leaving must not be blocked by a dead index
      LOG.warn("leaving without unregistering: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  private void cancelRenew() {
    if (renewTimer != null) {
      renewTimer.cancel();
      renewTimer = null;
    }
  }

  /** Stops the timers and fails what still waits. Sends nothing. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelRenew();
    failUpTo(Long.MAX_VALUE, new HopscotchException("node closed"));
  }

  /** Keys this client shares. */
  int registeredKeys() {
    return items.size();
  }

  /** The index server that answered last, or null. */
  Peer currentServer() {
    return currentServer;
  }

  /** The address of the index server in use. */
  Address currentAddress() {
    return servers.isEmpty() ? null : servers.get(current);
  }
}
