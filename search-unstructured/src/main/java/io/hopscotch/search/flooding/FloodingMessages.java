package io.hopscotch.search.flooding;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;

/**
 * Flooding's messages (wire ids 300–339) and their codecs. Flooded messages start with a
 * {@link Descriptor}. Every list on the wire has an explicit bound, so a hostile frame cannot make a
 * decoder allocate more than the frame holds.
 */
public final class FloodingMessages {

  /** Most host entries in one pong or connect answer. */
  public static final int MAX_HOSTS = 64;
  /** Most items in one query hit. */
  public static final int MAX_HIT_ITEMS = 256;
  /** Most records in one fetch answer or push (a key holds one record per publisher). */
  public static final int MAX_RECORDS = 256;

  private FloodingMessages() {
  }

  /**
   * A peer worth knowing, as pongs and connect answers list them.
   *
   * @param peer the peer (never a firewalled one: others could not connect to it)
   * @param shared items it shares
   */
  public record HostEntry(Peer peer, int shared) {

    /** Checks the count. */
    public HostEntry {
      java.util.Objects.requireNonNull(peer, "peer");
      if (shared < 0) {
        throw new IllegalArgumentException("shared count must be >= 0, got " + shared);
      }
    }

    static HostEntry read(WireReader in) {
      return new HostEntry(in.readPeer(), in.readVarInt());
    }

    void write(WireWriter out) {
      out.writePeer(peer).writeVarInt(shared);
    }
  }

  /**
   * One matching item in a query hit.
   *
   * @param key the item's key
   * @param keywords its keywords
   * @param size its value size in bytes
   */
  public record HitItem(Key key, List<String> keywords, long size) {

    /** Copies the list and checks the size. */
    public HitItem {
      keywords = List.copyOf(keywords);
      if (size < 0) {
        throw new IllegalArgumentException("item size must be >= 0, got " + size);
      }
    }

    static HitItem read(WireReader in) {
      Key k = in.readKey();
      List<String> words = readWords(in);
      long size = in.readLong();
      if (size < 0) {
        throw new MalformedMessageException("negative item size " + size);
      }
      return new HitItem(k, words, size);
    }

    void write(WireWriter out) {
      out.writeKey(key);
      out.writeList(keywords, WireWriter::writeString);
      out.writeLong(size);
    }
  }

  static List<String> readWords(WireReader in) {
    return in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES));
  }

  /**
   * Asks for a neighbour link. Answered by {@link ConnectResponse}.
   *
   * @param firewalled true if the asker cannot accept inbound connections
   */
  public record ConnectRequest(boolean firewalled) implements Message {
    /** Its type. */
    public static final MessageType<ConnectRequest> TYPE =
        MessageType.of(300, "flooding.connect", in -> new ConnectRequest(in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(firewalled);
    }
  }

  /**
   * The answer to a link request; a refusal still lists other hosts to try, as Gnutella 0.6's X-Try does.
   *
   * @param accepted true if the link now exists
   * @param responder the answering node
   * @param hosts other peers to try
   */
  public record ConnectResponse(boolean accepted, Peer responder, List<HostEntry> hosts) implements Message {
    /** Its type. */
    public static final MessageType<ConnectResponse> TYPE = MessageType.of(301, "flooding.connected",
        in -> new ConnectResponse(in.readBoolean(), in.readPeer(), in.readList(MAX_HOSTS, HostEntry::read)));

    /** Copies the list. */
    public ConnectResponse {
      hosts = List.copyOf(hosts);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(accepted).writePeer(responder).writeList(hosts, (o, h) -> h.write(o));
    }
  }

  /** Discovers peers. With pong caching it goes to neighbours only; without, it floods. */
  public record Ping(Descriptor descriptor) implements Message {
    /** Its type. */
    public static final MessageType<Ping> TYPE = MessageType.of(302, "flooding.ping", in -> new Ping(Descriptor.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
    }
  }

  /**
   * Answers a ping along its reverse path; the descriptor id is the ping's.
   *
   * @param hosts the answering node and, with pong caching, peers from its cache
   */
  public record Pong(Descriptor descriptor, List<HostEntry> hosts) implements Message {
    /** Its type. */
    public static final MessageType<Pong> TYPE =
        MessageType.of(303, "flooding.pong", in -> new Pong(Descriptor.read(in), in.readList(MAX_HOSTS, HostEntry::read)));

    /** Copies the list. */
    public Pong {
      hosts = List.copyOf(hosts);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
      out.writeList(hosts, (o, h) -> h.write(o));
    }
  }

  /**
   * A flooded search: for one key (a {@code get}) or for items carrying all of some keywords.
   *
   * @param key the key sought, or null for a keyword search
   * @param words the keywords, empty for a key search
   * @param originFirewalled true if the origin cannot accept inbound connections
   */
  public record Query(Descriptor descriptor, Key key, List<String> words, boolean originFirewalled) implements Message {
    /** Its type. */
    public static final MessageType<Query> TYPE = MessageType.of(304, "flooding.query", in -> {
      Descriptor d = Descriptor.read(in);
      Key k = in.readBoolean() ? in.readKey() : null;
      List<String> w = readWords(in);
      boolean fw = in.readBoolean();
      if ((k == null) == w.isEmpty()) {
        throw new MalformedMessageException("a query carries either a key or keywords, not " + (k == null ? "neither" : "both"));
      }
      return new Query(d, k, w, fw);
    });

    /** Checks that exactly one of key and words is given. */
    public Query {
      words = List.copyOf(words);
      if ((key == null) == words.isEmpty()) {
        throw new IllegalArgumentException("a query carries either a key or keywords");
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
      out.writeBoolean(key != null);
      if (key != null) {
        out.writeKey(key);
      }
      out.writeList(words, WireWriter::writeString);
      out.writeBoolean(originFirewalled);
    }
  }

  /**
   * The answer of a node holding matching items, sent back hop by hop along the query's reverse path
   * under the query's descriptor id.
   *
   * @param responder the node holding the items
   * @param responderFirewalled true if it cannot accept inbound connections (a fetch needs a push)
   * @param distance hops the query travelled to the responder
   * @param items the matching items
   */
  public record QueryHit(Descriptor descriptor, Peer responder, boolean responderFirewalled, int distance, List<HitItem> items)
      implements Message {
    /** Its type. */
    public static final MessageType<QueryHit> TYPE = MessageType.of(305, "flooding.query_hit", in -> new QueryHit(Descriptor.read(in),
        in.readPeer(), in.readBoolean(), in.readVarInt(FloodingOptions.TTL_CEILING + 1, "distance"),
        in.readList(MAX_HIT_ITEMS, HitItem::read)));

    /** Copies the list. */
    public QueryHit {
      items = List.copyOf(items);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
      out.writePeer(responder).writeBoolean(responderFirewalled).writeVarInt(distance);
      out.writeList(items, (o, i) -> i.write(o));
    }
  }

  /**
   * Asks a firewalled responder, routed by its id along the path its query hit came, to open a
   * connection to the requester itself and send the records under {@code key}.
   *
   * @param responderId the firewalled node's id
   * @param requester where to send the records
   * @param key the item
   * @param token matches the delivery to the request
   */
  public record Push(Descriptor descriptor, Key responderId, Peer requester, Key key, long token) implements Message {
    /** Its type. */
    public static final MessageType<Push> TYPE = MessageType.of(306, "flooding.push",
        in -> new Push(Descriptor.read(in), in.readKey(), in.readPeer(), in.readKey(), in.readLong()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
      out.writeKey(responderId).writePeer(requester).writeKey(key).writeLong(token);
    }
  }

  /** A firewalled responder delivers what a {@link Push} asked for, over a connection it opened. Answered by {@link PushAck}. */
  public record PushDelivery(long token, List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<PushDelivery> TYPE = MessageType.of(307, "flooding.push_delivery",
        in -> new PushDelivery(in.readLong(), in.readList(MAX_RECORDS, Record::read)));

    /** Copies the list. */
    public PushDelivery {
      records = List.copyOf(records);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeLong(token).writeList(records, (o, r) -> r.write(o));
    }
  }

  /** Acknowledges a push delivery. */
  public record PushAck(boolean expected) implements Message {
    /** Its type. */
    public static final MessageType<PushAck> TYPE = MessageType.of(308, "flooding.push_ack", in -> new PushAck(in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(expected);
    }
  }

  /** Asks a holder for the records it keeps under {@code key}. Answered by {@link FetchResponse}. */
  public record FetchRequest(Key key) implements Message {
    /** Its type. */
    public static final MessageType<FetchRequest> TYPE = MessageType.of(309, "flooding.fetch", in -> new FetchRequest(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
    }
  }

  /** The records a holder keeps under a key (tombstones included; the fetcher verifies them). */
  public record FetchResponse(List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<FetchResponse> TYPE = MessageType.of(310, "flooding.records",
        in -> new FetchResponse(in.readList(MAX_RECORDS, Record::read)));

    /** Copies the list. */
    public FetchResponse {
      records = List.copyOf(records);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(records, (o, r) -> r.write(o));
    }
  }

  /** A neighbour closes its link gracefully. */
  public record Bye() implements Message {
    /** Its type. */
    public static final MessageType<Bye> TYPE = MessageType.of(311, "flooding.bye", in -> new Bye());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      // no body
    }
  }

  /**
   * A neighbour drops its link to this node but stays in the overlay (it rewired the link to another
   * host): unlike {@link Bye}, the sender remains a good host to know.
   */
  public record Unlink() implements Message {
    /** Its type. */
    public static final MessageType<Unlink> TYPE = MessageType.of(312, "flooding.unlink", in -> new Unlink());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      // no body
    }
  }

  /** Every message type of flooding. */
  public static List<MessageType<?>> types() {
    return List.of(ConnectRequest.TYPE, ConnectResponse.TYPE, Ping.TYPE, Pong.TYPE, Query.TYPE, QueryHit.TYPE, Push.TYPE,
        PushDelivery.TYPE, PushAck.TYPE, FetchRequest.TYPE, FetchResponse.TYPE, Bye.TYPE, Unlink.TYPE);
  }
}
