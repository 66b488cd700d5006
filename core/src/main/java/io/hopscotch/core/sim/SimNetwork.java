package io.hopscotch.core.sim;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.spi.PeerIdMismatchException;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated network: latency from a {@link LatencyModel}, transmission time from per-node link
 * rates (each node's uplink and downlink serve one message at a time, first come first served), random
 * loss, partitions, firewalls, crashed receivers, and request/response with timeouts. Per-node state is
 * kept in primitive arrays indexed by node index.
 */
final class SimNetwork {

  private static final Logger LOG = LoggerFactory.getLogger(SimNetwork.class);

  /** Host name prefix of simulated addresses; the node index follows. */
  static final String HOST_PREFIX = "sim-";
  /** Port of every simulated address. */
  static final int PORT = 1;
  /** Bytes counted per message on top of its body, standing for framing (type id, length, correlation id). */
  static final int FRAME_OVERHEAD = 16;
  /** Stats type name of an error response. */
  static final String ERROR_TYPE = "core.error";

  static final int TRACE_DELIVERED = 1;
  static final int TRACE_DROPPED = 2;
  static final int TRACE_TIMER = 3;
  static final int TRACE_TIMEOUT = 4;
  static final int TRACE_REFUSED = 5;

  private static final String DROP_LOSS = "sim.dropped.loss";
  private static final String DROP_PARTITION = "sim.dropped.partition";
  private static final String DROP_DOWN = "sim.dropped.down";
  private static final String DROP_FIREWALL = "sim.dropped.firewalled";
  private static final String DROP_ID = "sim.dropped.id_mismatch";
  private static final String DROP_UNKNOWN_ADDRESS = "sim.dropped.unknown_address";
  private static final String DROP_UNKNOWN_TYPE = "sim.dropped.unknown_type";
  private static final String DROP_CLOSED = "sim.dropped.sender_closed";

  private final Scheduler scheduler;
  private final LatencyModel latency;
  private final double lossRate;
  private final SplittableRandom lossRandom;
  private final boolean encode;
  private final long defaultBandwidth;

  private SimRuntime[] runtimes = new SimRuntime[64];
  private int count;
  private long[] upFree = new long[64];
  private final Downlinks downlinks = new Downlinks(64);
  private long[] bandwidth; // null while every node has the default rate
  private int[] group; // null while there is no partition
  private int nextGroup;

  SimNetwork(Scheduler scheduler, LatencyModel latency, double lossRate, long seed, boolean encode, long defaultBandwidth) {
    this.scheduler = scheduler;
    this.latency = latency;
    this.lossRate = lossRate;
    this.lossRandom = new SplittableRandom(Mixing.hash(seed, -1, 0x105EL));
    this.encode = encode;
    this.defaultBandwidth = defaultBandwidth;
  }

  // ---- node slots ----

  /** Number of node indices handed out. */
  int count() {
    return count;
  }

  /** Reserves the next index. */
  int allocate() {
    int index = count;
    if (index == runtimes.length) {
      int n = index * 2;
      runtimes = Arrays.copyOf(runtimes, n);
      upFree = Arrays.copyOf(upFree, n);
      downlinks.grow(n);
      if (bandwidth != null) {
        int old = bandwidth.length;
        bandwidth = Arrays.copyOf(bandwidth, n);
        Arrays.fill(bandwidth, old, n, defaultBandwidth);
      }
      if (group != null) {
        group = Arrays.copyOf(group, n);
      }
    }
    count++;
    return index;
  }

  /** Makes {@code r} the current incarnation at its index. */
  void install(SimRuntime r) {
    runtimes[r.index()] = r;
  }

  /** The current incarnation at {@code index} (possibly stopped), or null. */
  SimRuntime runtime(int index) {
    return runtimes[index];
  }

  /** The node index of a simulated address, or -1 if it names no node. */
  int indexOf(Address a) {
    if (a.port() != PORT) {
      return -1;
    }
    String h = a.host();
    int n = h.length();
    int p = HOST_PREFIX.length();
    if (n <= p || n > p + 10 || !h.startsWith(HOST_PREFIX) || (h.charAt(p) == '0' && n > p + 1)) {
      return -1;
    }
    long v = 0;
    for (int i = p; i < n; i++) {
      char c = h.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v < count ? (int) v : -1;
  }

  void setBandwidth(int index, long bytesPerSecond) {
    if (bandwidth == null) {
      bandwidth = new long[runtimes.length];
      Arrays.fill(bandwidth, defaultBandwidth);
    }
    bandwidth[index] = bytesPerSecond;
  }

  long bandwidth(int index) {
    return bandwidth == null ? defaultBandwidth : bandwidth[index];
  }

  LatencyModel latency() {
    return latency;
  }

  // ---- partitions ----

  /** Puts {@code indices} into a new group: messages between groups are dropped. */
  void partition(int[] indices) {
    if (group == null) {
      group = new int[runtimes.length];
    }
    nextGroup++;
    for (int i : indices) {
      group[i] = nextGroup;
    }
  }

  void heal() {
    group = null;
    nextGroup = 0;
  }

  private boolean partitioned(int a, int b) {
    return group != null && group[a] != group[b];
  }

  private boolean lost() {
    return lossRate > 0 && lossRandom.nextDouble() < lossRate;
  }

  // ---- timing ----

  /**
   * Reserves the sender's uplink and the receiver's downlink for a message of {@code bytes} and returns
   * when its last byte arrives: without contention, now + latency + bytes / min(rates). The uplink
   * serves messages in the order they are sent; the downlink in the order their first bytes arrive
   * ({@link Downlinks}).
   */
  private long transmit(int from, int to, int bytes) {
    long now = scheduler.nowMicros();
    long txUp = transmissionMicros(bytes, bandwidth(from));
    long txDown = transmissionMicros(bytes, bandwidth(to));
    long start = Math.max(now, upFree[from]);
    upFree[from] = start + txUp;
    long lat = latency.oneWayMicros(from, to);
    return downlinks.reserve(to, now, start + lat, txDown, start + txUp + lat);
  }

  private static long transmissionMicros(long bytes, long bytesPerSecond) {
    return (bytes * 1_000_000L + bytesPerSecond - 1) / bytesPerSecond;
  }

  // ---- sending ----

  void send(SimRuntime from, Key expectedId, Address to, Message message) {
    if (!from.isAlive()) {
      LOG.debug("simulated node {} is stopped; not sending {}", from.index(), message.type());
      return;
    }
    byte[] bytes = encode ? encode(message) : null;
    int wire = (bytes != null ? bytes.length : message.encodedSize()) + FRAME_OVERHEAD;
    from.stats().sent(message.type().name(), wire);
    int target = indexOf(to);
    if (target < 0) {
      scheduler.trace(TRACE_DROPPED, from.index(), -1, message.type().id(), wire);
      from.stats().increment(DROP_UNKNOWN_ADDRESS);
      return;
    }
    from.noteContact(target);
    scheduler.schedule(new Delivery(from, target, expectedId, message, bytes, wire, null), transmit(from.index(), target, wire));
  }

  Future<Message> request(SimRuntime from, Key expectedId, Address to, Message message, long timeoutMillis) {
    if (timeoutMillis <= 0) {
      return Future.failedFuture(new IllegalArgumentException("request timeout must be > 0 ms, got " + timeoutMillis));
    }
    if (!from.isAlive()) {
      from.stats().increment(DROP_CLOSED);
      return Future.failedFuture(new HopscotchException("simulated node " + from.index() + " is stopped; cannot send "
          + message.type()));
    }
    PendingRequest pr = new PendingRequest(from, message.type(), to, timeoutMillis);
    scheduler.schedule(pr, scheduler.nowMicros() + timeoutMillis * 1000);
    byte[] bytes = encode ? encode(message) : null;
    int wire = (bytes != null ? bytes.length : message.encodedSize()) + FRAME_OVERHEAD;
    from.stats().sent(message.type().name(), wire);
    int target = indexOf(to);
    if (target < 0) {
      from.stats().increment(DROP_UNKNOWN_ADDRESS);
      scheduler.schedule(new Refusal(pr, -1, new PeerUnreachableException("no simulated node at " + to)), scheduler.nowMicros());
    } else {
      from.noteContact(target);
      scheduler.schedule(new Delivery(from, target, expectedId, message, bytes, wire, pr), transmit(from.index(), target, wire));
    }
    return pr.promise.future();
  }

  private void deliver(Delivery d) {
    int from = d.from.index();
    SimRuntime target = runtimes[d.to];
    int typeId = d.message.type().id();
    String reason = null;
    HopscotchException refusal = null;
    if (partitioned(from, d.to)) {
      reason = DROP_PARTITION;
    } else if (lost()) {
      reason = DROP_LOSS;
    } else if (target == null || !target.isServing()) {
      reason = DROP_DOWN;
      refusal = new PeerUnreachableException("simulated node " + d.to + " (" + SimRuntime.addressOf(d.to) + ") is down");
    } else if (!target.accepts(from)) {
      reason = DROP_FIREWALL;
      refusal = new PeerUnreachableException("simulated node " + d.to + " is firewalled and never contacted node " + from);
    } else if (d.expectedId != null && !d.expectedId.equals(target.peer().id())) {
      reason = DROP_ID;
      refusal = new PeerIdMismatchException("the node at " + target.peer().address() + " is " + target.peer().id()
          + ", not the expected " + d.expectedId);
    }
    if (reason != null) {
      scheduler.trace(TRACE_DROPPED, from, d.to, typeId, d.wire);
      d.from.stats().increment(reason);
      if (d.request != null && refusal != null) {
        scheduler.schedule(new Refusal(d.request, d.to, refusal), scheduler.nowMicros() + latency.oneWayMicros(d.to, from));
      }
      return;
    }
    Message m = d.message;
    if (d.bytes != null) {
      m = decode(target, d.message.type(), d.bytes, from, d.to);
      if (m == null) {
        scheduler.trace(TRACE_DROPPED, from, d.to, typeId, d.wire);
        d.from.stats().increment(DROP_UNKNOWN_TYPE);
        return;
      }
    }
    scheduler.trace(TRACE_DELIVERED, from, d.to, typeId, d.wire);
    target.stats().received(m.type().name(), d.wire);
    if (d.request == null) {
      target.simTransport().handler().onMessage(d.from.peer(), m);
      return;
    }
    Future<Message> f;
    try {
      f = target.simTransport().handler().onRequest(d.from.peer(), m);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    if (f == null) {
      f = Future.failedFuture("the handler returned no future");
    }
    PendingRequest pr = d.request;
    f.onComplete(ar -> respond(target, pr, ar));
  }

  private void respond(SimRuntime responder, PendingRequest pr, AsyncResult<Message> ar) {
    if (!responder.isAlive()) {
      return; // stopped before answering: the requester times out
    }
    Message response = ar.succeeded() ? ar.result() : null;
    String error = null;
    byte[] bytes = null;
    int size;
    String name;
    if (response != null) {
      bytes = encode ? encode(response) : null;
      size = bytes != null ? bytes.length : response.encodedSize();
      name = response.type().name();
    } else {
      Throwable cause = ar.failed() ? ar.cause() : null;
      error = cause == null ? "the handler answered null" : cause.getMessage() != null ? cause.getMessage() : cause.toString();
      size = 1 + error.getBytes(StandardCharsets.UTF_8).length;
      name = ERROR_TYPE;
    }
    int wire = size + FRAME_OVERHEAD;
    responder.stats().sent(name, wire);
    int to = pr.requester.index();
    scheduler.schedule(new Response(responder, pr, response, bytes, error, wire), transmit(responder.index(), to, wire));
  }

  private void deliverResponse(Response r) {
    PendingRequest pr = r.request;
    int from = r.from.index();
    int to = pr.requester.index();
    int typeId = r.message != null ? r.message.type().id() : -1;
    String reason = null;
    if (partitioned(from, to)) {
      reason = DROP_PARTITION;
    } else if (lost()) {
      reason = DROP_LOSS;
    } else if (!pr.requester.isAlive()) {
      reason = DROP_DOWN;
    }
    if (reason != null) {
      scheduler.trace(TRACE_DROPPED, from, to, typeId, r.wire);
      r.from.stats().increment(reason);
      return;
    }
    Message m = r.message;
    if (m != null && r.bytes != null) {
      m = decode(pr.requester, m.type(), r.bytes, from, to);
      if (m == null) {
        scheduler.trace(TRACE_DROPPED, from, to, typeId, r.wire);
        r.from.stats().increment(DROP_UNKNOWN_TYPE);
        return;
      }
    }
    scheduler.trace(TRACE_DELIVERED, from, to, typeId, r.wire);
    pr.requester.stats().received(m != null ? m.type().name() : ERROR_TYPE, r.wire);
    if (m != null) {
      pr.promise.tryComplete(m);
    } else {
      pr.promise.tryFail(new RemoteException(r.from.peer() + " failed to handle " + pr.type + ": " + r.error));
    }
  }

  // ---- codec checks ----

  private static byte[] encode(Message m) {
    byte[] bytes = m.toBytes();
    int claimed = m.encodedSize();
    if (claimed != bytes.length) {
      throw new SimulationException(m.type() + ": encodedSize() says " + claimed + " bytes but write() produced " + bytes.length);
    }
    return bytes;
  }

  /** Decodes with the receiver's registry and checks the round trip; null if the receiver does not know the type. */
  private static Message decode(SimRuntime receiver, MessageType<?> type, byte[] bytes, int from, int to) {
    if (receiver.engine().registry().get(type.id()) == null) {
      LOG.debug("simulated node {} does not know message type {} from node {}", to, type, from);
      return null;
    }
    Message m;
    try {
      m = receiver.engine().registry().decode(type.id(), bytes, 0, bytes.length);
    } catch (MalformedMessageException e) {
      throw new SimulationException(type + " from node " + from + " to node " + to + " does not decode: " + e.getMessage(), e);
    }
    byte[] again = m.toBytes();
    if (!Arrays.equals(again, bytes)) {
      throw new SimulationException(type + " from node " + from + " to node " + to
          + " re-encodes differently after decoding (" + bytes.length + " bytes, then " + again.length + ")");
    }
    return m;
  }

  // ---- events ----

  /** A message or request travelling to its receiver. */
  private final class Delivery extends SimEvent {
    final SimRuntime from;
    final int to;
    final Key expectedId;
    final Message message;
    final byte[] bytes;
    final int wire;
    final PendingRequest request;

    Delivery(SimRuntime from, int to, Key expectedId, Message message, byte[] bytes, int wire, PendingRequest request) {
      this.from = from;
      this.to = to;
      this.expectedId = expectedId;
      this.message = message;
      this.bytes = bytes;
      this.wire = wire;
      this.request = request;
    }

    @Override
    void run() {
      deliver(this);
    }
  }

  /** A response (or an error response) travelling back to the requester. */
  private final class Response extends SimEvent {
    final SimRuntime from;
    final PendingRequest request;
    final Message message;
    final byte[] bytes;
    final String error;
    final int wire;

    Response(SimRuntime from, PendingRequest request, Message message, byte[] bytes, String error, int wire) {
      this.from = from;
      this.request = request;
      this.message = message;
      this.bytes = bytes;
      this.error = error;
      this.wire = wire;
    }

    @Override
    void run() {
      deliverResponse(this);
    }
  }

  /** A request awaiting its response; as an event, its timeout. */
  private final class PendingRequest extends SimEvent {
    final SimRuntime requester;
    final MessageType<?> type;
    final Address to;
    final long timeoutMillis;
    final Promise<Message> promise = Promise.promise();

    PendingRequest(SimRuntime requester, MessageType<?> type, Address to, long timeoutMillis) {
      this.requester = requester;
      this.type = type;
      this.to = to;
      this.timeoutMillis = timeoutMillis;
      promise.future().onComplete(ar -> scheduler.remove(this));
    }

    @Override
    boolean isCancelled() {
      return promise.future().isComplete() || !requester.isAlive();
    }

    @Override
    void run() {
      scheduler.trace(TRACE_TIMEOUT, requester.index(), -1, type.id(), timeoutMillis);
      promise.tryFail(new RequestTimeoutException("request " + type + " to " + to + " got no response within "
          + timeoutMillis + " ms"));
    }
  }

  /** The requester learns that the request could not be delivered (refused, firewalled, wrong id). */
  private final class Refusal extends SimEvent {
    final PendingRequest request;
    final int from;
    final HopscotchException failure;

    Refusal(PendingRequest request, int from, HopscotchException failure) {
      this.request = request;
      this.from = from;
      this.failure = failure;
    }

    @Override
    boolean isCancelled() {
      return request.isCancelled();
    }

    @Override
    void run() {
      scheduler.trace(TRACE_REFUSED, from, request.requester.index(), request.type.id(), 0);
      request.promise.tryFail(failure);
    }
  }
}
