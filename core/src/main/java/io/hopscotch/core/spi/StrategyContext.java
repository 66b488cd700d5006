package io.hopscotch.core.spi;

import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.Verifier;
import java.util.List;
import java.util.Random;

/**
 * Everything a strategy may touch. Core builds one per node, on real networks and in the simulator
 * alike; a strategy that uses nothing else runs unchanged in both, and the simulator stays exact.
 *
 * <p>All callbacks (messages, requests, timers, future completions) run on the node's event loop, one
 * at a time, so strategy state needs no locks.
 */
public interface StrategyContext {

  /** This node: its id and the address peers reach it at. */
  Peer self();

  /** Signs on behalf of this node. */
  Signer signer();

  /** Checks signatures of others. */
  Verifier verifier();

  /** Sends messages and requests. */
  Transport transport();

  /** The node's clock. */
  Clock clock();

  /** Timers on the node's event loop. */
  Timers timers();

  /** A random source seeded per node: reproducible in the simulator. Not for cryptography. */
  Random random();

  /** The node's own records. */
  LocalStore store();

  /** The node's counters. */
  Stats stats();

  /** Options for this strategy. */
  StrategyOptions options();

  /** True if this node cannot accept inbound connections; it can still connect out. */
  boolean firewalled();

  /** Default request timeout in milliseconds. */
  long requestTimeoutMillis();

  /**
   * Measures a peer: the round-trip time of an empty request, then the time to receive
   * {@code payloadBytes} from it, giving a bandwidth estimate. Handled by core on every node. A result
   * measured with at least as large a payload within the node's {@code probeCacheTtl} is reused.
   *
   * @param payloadBytes size of the timed payload, 0 to {@value io.hopscotch.core.impl.CoreMessages#MAX_PROBE_BYTES}
   */
  io.vertx.core.Future<ProbeResult> probe(Peer peer, int payloadBytes);

  /** The overlay as a whole, for a transfer strategy that announces and finds content through routing. */
  Overlay overlay();

  /**
   * Runs blocking work — reading or hashing a file — off the node's event loop (on a worker thread on
   * real networks); the future completes on the event loop with the task's result or failure. In the
   * simulator, and by default, the task runs inline, so runs stay exact. The task must not touch
   * strategy state other than what it alone owns until the future completes.
   */
  default <T> io.vertx.core.Future<T> executeBlocking(java.util.concurrent.Callable<T> task) {
    try {
      return io.vertx.core.Future.succeededFuture(task.call());
    } catch (Exception e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /**
   * Checks the records {@code from} returned in a response before a strategy believes them. A record
   * whose signature does not hold (or a tombstone carrying a value) is forged: then none of
   * {@code from}'s records are believed, the counter {@code records.forged} grows, and the connection
   * to {@code from} is closed with a logged reason ({@link Transport#disconnect}). Expiry and size are
   * not checked here; the node checks them again before it returns or stores anything.
   *
   * @return {@code records} if none is forged, else an empty list
   */
  default List<Record> acceptRecords(Peer from, List<Record> records) {
    for (Record r : records) {
      try {
        // No size limit and a time before any expiry: only what a forger could have changed is checked.
        r.verify(verifier(), Integer.MAX_VALUE, Long.MIN_VALUE);
      } catch (InvalidRecordException e) {
        stats().increment("records.forged");
        transport().disconnect(from, "sent a forged record: " + e.getMessage());
        return List.of();
      }
    }
    return records;
  }
}
