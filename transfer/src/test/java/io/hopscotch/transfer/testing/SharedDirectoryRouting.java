package io.hopscotch.transfer.testing;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only stand-in for routing: every node of one test shares an in-memory directory, so the
 * transfer can be tested without depending on any routing module. It sends nothing. Thread-safe, so
 * nodes on different event loops may share one directory.
 */
public final class SharedDirectoryRouting implements RoutingStrategy {

  private final Map<Key, Map<Key, Record>> directory;

  /** A strategy reading and writing {@code directory}, which every node of a test shares. */
  public SharedDirectoryRouting(Map<Key, Map<Key, Record>> directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return "shared-directory";
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return List.of();
  }

  @Override
  public void init(StrategyContext context) {
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> put(Record record) {
    synchronized (directory) {
      directory.computeIfAbsent(record.key(), k -> new HashMap<>()).merge(record.publisher(), record, (a, b) -> b.supersedes(a) ? b : a);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Lookup> get(Key key) {
    synchronized (directory) {
      return Future.succeededFuture(new Lookup(new ArrayList<>(directory.getOrDefault(key, Map.of()).values()), 0, List.of()));
    }
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public void onMessage(Peer from, Message message) {
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    return Future.failedFuture("no requests");
  }

  @Override
  public Future<Void> leave() {
    return Future.succeededFuture();
  }

  @Override
  public void close() {
  }

  @Override
  public int stateSize() {
    return 0;
  }
}
