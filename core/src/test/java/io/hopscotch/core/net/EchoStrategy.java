package io.hopscotch.core.net;

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
import io.hopscotch.core.wire.ProtocolViolationException;
import io.hopscotch.core.wire.WireWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test-only routing strategy that exercises the transport: echo requests, one-way notes, failing
 * and never-answered requests, a request that makes the receiver send a note back to the caller, and
 * a read of the records the receiver stores (put and get keep records at the node itself). Its join
 * asks each bootstrap address for an echo and succeeds if one answers.
 */
final class EchoStrategy implements RoutingStrategy {

  /** A text to echo. */
  record Echo(String text) implements Message {
    static final MessageType<Echo> TYPE = MessageType.of(100, "test.echo", in -> new Echo(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(text);
    }
  }

  /** The echo's answer. */
  record EchoReply(String text) implements Message {
    static final MessageType<EchoReply> TYPE = MessageType.of(101, "test.echo_reply", in -> new EchoReply(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(text);
    }
  }

  /** A one-way note. */
  record Note(String text) implements Message {
    static final MessageType<Note> TYPE = MessageType.of(102, "test.note", in -> new Note(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(text);
    }
  }

  /** A request whose handler fails with {@code reason}. */
  record Fail(String reason) implements Message {
    static final MessageType<Fail> TYPE = MessageType.of(103, "test.fail", in -> new Fail(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(reason);
    }
  }

  /** A request that is never answered. */
  record Slow() implements Message {
    static final MessageType<Slow> TYPE = MessageType.of(104, "test.slow", in -> new Slow());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
    }
  }

  /** Asks the receiver to send a {@link Note} with {@code text} back to the caller, then answers. */
  record CallBack(String text) implements Message {
    static final MessageType<CallBack> TYPE = MessageType.of(105, "test.callback", in -> new CallBack(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(text);
    }
  }

  /** Asks for the records the receiver stores under a key. */
  record Read(Key key) implements Message {
    static final MessageType<Read> TYPE = MessageType.of(106, "test.read", in -> new Read(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
    }
  }

  /** The records stored under the key of a {@link Read}. */
  record Records(List<Record> records) implements Message {
    static final MessageType<Records> TYPE = MessageType.of(107, "test.records", in -> new Records(in.readList(64, Record::read)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(records, (w, r) -> r.write(w));
    }
  }

  /** A request its receiver takes as a protocol violation (as it would a forged claim). */
  record Violate(String text) implements Message {
    static final MessageType<Violate> TYPE = MessageType.of(108, "test.violate", in -> new Violate(in.readString(1 << 20)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeString(text);
    }
  }

  /** A received one-way message with its sender. */
  record Received(Peer from, Message message) {
  }

  final LinkedBlockingQueue<Received> notes = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<Peer> requesters = new LinkedBlockingQueue<>();
  volatile StrategyContext ctx;

  @Override
  public String name() {
    return "test-echo";
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return List.of(Echo.TYPE, EchoReply.TYPE, Note.TYPE, Fail.TYPE, Slow.TYPE, CallBack.TYPE, Read.TYPE, Records.TYPE, Violate.TYPE);
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    if (bootstrap.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Message>> asks = new ArrayList<>();
    for (Address a : bootstrap) {
      asks.add(ctx.transport().request(a, new Echo("join"), ctx.requestTimeoutMillis()));
    }
    return Future.any(asks).mapEmpty();
  }

  @Override
  public Future<Void> put(Record record) {
    // Kept where it is put: enough to check that bad input loses nothing stored.
    return ctx.store().put(record) ? Future.succeededFuture() : Future.failedFuture("not stored: " + record);
  }

  @Override
  public Future<Lookup> get(Key key) {
    return Future.succeededFuture(new Lookup(ctx.store().get(key), 0, List.of()));
  }

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public void onMessage(Peer from, Message message) {
    notes.add(new Received(from, message));
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    requesters.add(from);
    if (request instanceof Echo e) {
      return Future.succeededFuture(new EchoReply(e.text()));
    } else if (request instanceof Fail f) {
      return Future.failedFuture(f.reason());
    } else if (request instanceof Slow) {
      return Promise.<Message>promise().future();
    } else if (request instanceof Violate v) {
      return Future.failedFuture(new ProtocolViolationException(from + " sent " + v.text()));
    } else if (request instanceof Read r) {
      return Future.succeededFuture(new Records(ctx.store().get(r.key())));
    } else if (request instanceof CallBack c) {
      ctx.transport().send(from, new Note(c.text()));
      return Future.succeededFuture(new EchoReply(c.text()));
    }
    return Future.failedFuture("unexpected " + request.type());
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
