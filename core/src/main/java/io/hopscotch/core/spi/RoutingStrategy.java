package io.hopscotch.core.spi;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import java.util.List;

/**
 * The SPI behind every overlay. A strategy owns placement and lookup: structured overlays store a key
 * at the nodes responsible for it, unstructured ones keep it at the publisher and find it by search.
 *
 * <p>Lifecycle: {@link #init} once, then {@link #join}; then any of the operations; finally either
 * {@link #leave} followed by {@link #close} (graceful) or {@link #close} alone (a crash, in the
 * simulator: the strategy must not send anything from {@code close}). Everything runs on the node's
 * event loop and may use only the {@link StrategyContext}.
 */
public interface RoutingStrategy {

  /** The routing name, e.g. {@code "central"} or {@code "chord"}. */
  String name();

  /** The message types this strategy sends; ids within 100–399. */
  List<MessageType<?>> messageTypes();

  /** Gives the strategy its context; called once, before anything else. Must not send. */
  void init(StrategyContext context);

  /**
   * Joins the overlay through any of {@code bootstrap}; an empty list starts a new overlay (or, for a
   * server role, starts serving). Fails with a clear message if no bootstrap peer answers in time.
   */
  Future<Void> join(List<Address> bootstrap);

  /**
   * Stores (or, for a tombstone, removes) a record signed by this node, wherever this strategy places
   * it. Completes when the record is placed as the strategy promises.
   */
  Future<Void> put(Record record);

  /** Finds the records under {@code key}. A key nobody stored yields an empty lookup, not a failure. */
  Future<Lookup> get(Key key);

  /**
   * Finds items whose keywords include all of {@code keywords}: up to {@code limit} hits, stopping at
   * the node clock's {@code deadlineMillis} with what it has.
   */
  Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis);

  /** A one-way message of one of this strategy's types. */
  void onMessage(Peer from, Message message);

  /** A request of one of this strategy's types; the future's value is the response. */
  Future<Message> onRequest(Peer from, Message request);

  /** Leaves gracefully: hands over what others will need, tells whom it should. */
  Future<Void> leave();

  /** Stops every timer. Sends nothing. Idempotent. */
  void close();

  /** Number of routing-state entries (table slots, contacts, index entries) this node holds now. */
  int stateSize();

  /**
   * The routing state by structure (e.g. routing table, leaf set, neighbourhood set), entries each, for
   * experiments that report state per node. Default: one part, {@code entries}, holding {@link #stateSize()}.
   */
  default java.util.Map<String, Integer> stateBreakdown() {
    return java.util.Map.of("entries", stateSize());
  }
}
