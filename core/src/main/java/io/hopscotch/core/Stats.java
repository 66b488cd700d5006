package io.hopscotch.core;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters for one node (or, merged, for a whole simulation): messages and bytes sent and received
 * by message type, lookups with their hop counts and latencies, failures, and free-form counters a
 * strategy may keep (maintenance rounds, repairs, ...).
 *
 * <p>Thread-safe: a node updates it on its event loop while an application reads it from elsewhere.
 */
public final class Stats {

  /** Per-type traffic counters. */
  public static final class Traffic {
    long sent;
    long sentBytes;
    long received;
    long receivedBytes;

    /** Messages sent. */
    public long sent() {
      return sent;
    }

    /** Bytes sent (message bodies plus framing). */
    public long sentBytes() {
      return sentBytes;
    }

    /** Messages received. */
    public long received() {
      return received;
    }

    /** Bytes received. */
    public long receivedBytes() {
      return receivedBytes;
    }

    Traffic copy() {
      Traffic t = new Traffic();
      t.add(this);
      return t;
    }

    void add(Traffic o) {
      sent += o.sent;
      sentBytes += o.sentBytes;
      received += o.received;
      receivedBytes += o.receivedBytes;
    }
  }

  // hash maps: every message sent or received looks its type up here, so a sorted map's string
  // comparisons were a visible share of large simulations; readers get sorted copies
  private final Map<String, Traffic> traffic = new HashMap<>();
  private final Map<String, Long> counters = new HashMap<>();
  private final Histogram hops = new Histogram();
  private final Histogram latencyNanos = new Histogram();
  private long lookups;
  private long lookupFailures;

  /** Counts one message sent of {@code type} with {@code bytes} on the wire. */
  public synchronized void sent(String type, int bytes) {
    Traffic t = traffic.computeIfAbsent(type, k -> new Traffic());
    t.sent++;
    t.sentBytes += bytes;
  }

  /** Counts one message received of {@code type} with {@code bytes} on the wire. */
  public synchronized void received(String type, int bytes) {
    Traffic t = traffic.computeIfAbsent(type, k -> new Traffic());
    t.received++;
    t.receivedBytes += bytes;
  }

  /** Records a successful lookup: overlay hops after the origin and end-to-end latency. */
  public synchronized void lookup(int hopCount, long latencyNanosValue) {
    lookups++;
    hops.record(hopCount);
    latencyNanos.record(latencyNanosValue);
  }

  /** Records a failed lookup. */
  public synchronized void lookupFailed() {
    lookups++;
    lookupFailures++;
  }

  /** Adds {@code delta} to a named counter. */
  public synchronized void add(String counter, long delta) {
    counters.merge(counter, delta, Long::sum);
  }

  /** Adds one to a named counter. */
  public void increment(String counter) {
    add(counter, 1);
  }

  /** Adds everything in {@code other} to this. */
  public void merge(Stats other) {
    Stats o = other.snapshot();
    synchronized (this) {
      o.traffic.forEach((k, v) -> traffic.computeIfAbsent(k, x -> new Traffic()).add(v));
      o.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
      hops.merge(o.hops);
      latencyNanos.merge(o.latencyNanos);
      lookups += o.lookups;
      lookupFailures += o.lookupFailures;
    }
  }

  /** A consistent copy. */
  public synchronized Stats snapshot() {
    Stats s = new Stats();
    traffic.forEach((k, v) -> s.traffic.put(k, v.copy()));
    s.counters.putAll(counters);
    s.hops.merge(hops);
    s.latencyNanos.merge(latencyNanos);
    s.lookups = lookups;
    s.lookupFailures = lookupFailures;
    return s;
  }

  /** Traffic by message type (a copy). */
  public synchronized Map<String, Traffic> traffic() {
    Map<String, Traffic> m = new TreeMap<>();
    traffic.forEach((k, v) -> m.put(k, v.copy()));
    return m;
  }

  /** Named counters (a copy). */
  public synchronized Map<String, Long> counters() {
    return new TreeMap<>(counters);
  }

  /** Value of a named counter, 0 if never touched. */
  public synchronized long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** Hop counts of successful lookups (a copy). */
  public synchronized Histogram hops() {
    return hops.copy();
  }

  /** Latencies of successful lookups in nanoseconds (a copy). */
  public synchronized Histogram latencyNanos() {
    return latencyNanos.copy();
  }

  /** Lookups attempted. */
  public synchronized long lookups() {
    return lookups;
  }

  /** Lookups that failed. */
  public synchronized long lookupFailures() {
    return lookupFailures;
  }

  /** Total messages sent. */
  public synchronized long messagesSent() {
    return traffic.values().stream().mapToLong(t -> t.sent).sum();
  }

  /** Total bytes sent. */
  public synchronized long bytesSent() {
    return traffic.values().stream().mapToLong(t -> t.sentBytes).sum();
  }

  /** Everything as JSON, latencies in milliseconds. */
  public synchronized JsonObject toJson() {
    JsonObject byType = new JsonObject();
    new TreeMap<>(traffic).forEach((k, t) -> byType.put(k, new JsonObject()
        .put("sent", t.sent).put("sent_bytes", t.sentBytes).put("received", t.received).put("received_bytes", t.receivedBytes)));
    JsonObject c = new JsonObject();
    new TreeMap<>(counters).forEach(c::put);
    return new JsonObject()
        .put("messages", messagesSent())
        .put("bytes", bytesSent())
        .put("messages_by_type", byType)
        .put("lookups", lookups)
        .put("lookup_failures", lookupFailures)
        .put("hops", new JsonObject().put("mean", hops.mean()).put("p50", hops.quantile(0.5)).put("p99", hops.quantile(0.99)).put("max", hops.max()))
        .put("latency_ms", new JsonObject()
            .put("mean", latencyNanos.mean() / 1e6).put("p50", latencyNanos.quantile(0.5) / 1e6)
            .put("p99", latencyNanos.quantile(0.99) / 1e6).put("max", latencyNanos.max() / 1e6))
        .put("counters", c);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
