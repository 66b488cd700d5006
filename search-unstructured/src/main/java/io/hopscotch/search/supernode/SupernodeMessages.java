package io.hopscotch.search.supernode;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import io.hopscotch.search.flooding.Descriptor;
import io.hopscotch.search.flooding.FloodingMessages.HitItem;
import java.util.List;

/**
 * The supernode strategy's messages (wire ids 340–379) and their codecs. Every list on the wire has
 * an explicit bound, so a hostile frame cannot make a decoder allocate more than the frame holds.
 */
public final class SupernodeMessages {

  /** Most peers listed in one message. */
  public static final int MAX_PEERS = 64;
  /** Most listing items (or removed keys) in one message. */
  public static final int MAX_ITEMS = 1024;
  /** Most results in one answer. */
  public static final int MAX_RESULTS = 1000;
  /** Most records in one fetch answer (a key holds one record per publisher). */
  public static final int MAX_RECORDS = 256;

  private SupernodeMessages() {
  }

  static List<String> readWords(WireReader in) {
    return in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES));
  }

  static HitItem readItem(WireReader in) {
    Key k = in.readKey();
    List<String> words = readWords(in);
    long size = in.readLong();
    if (size < 0) {
      throw new MalformedMessageException("negative item size " + size);
    }
    return new HitItem(k, words, size);
  }

  static void writeItem(WireWriter out, HitItem i) {
    out.writeKey(i.key());
    out.writeList(i.keywords(), WireWriter::writeString);
    out.writeLong(i.size());
  }

  /**
   * One item found, with the node that shares it.
   *
   * @param item the item
   * @param holder the ordinary node (or supernode) sharing it
   * @param firewalled true if the holder cannot accept inbound connections
   * @param via the supernode the holder is attached to, which can relay a fetch from a firewalled holder
   * @param hops supernode hops from the searcher's supernode to the one that listed it
   */
  public record Result(HitItem item, Peer holder, boolean firewalled, Peer via, int hops) {

    static Result read(WireReader in) {
      return new Result(readItem(in), in.readPeer(), in.readBoolean(), in.readPeer(), in.readVarInt(256, "hops"));
    }

    void write(WireWriter out) {
      writeItem(out, item);
      out.writePeer(holder).writeBoolean(firewalled).writePeer(via).writeVarInt(hops);
    }
  }

  /**
   * Asks any node which supernodes it knows. Answered by {@link HelloResponse}.
   */
  public record HelloRequest() implements Message {
    /** Its type. */
    public static final MessageType<HelloRequest> TYPE = MessageType.of(340, "supernode.hello",
        in -> new HelloRequest());

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
   * The supernodes a node knows, and whether it is one.
   *
   * @param responder the answering node
   * @param supernode true if it is a supernode
   * @param supernodes supernodes it knows (itself not included)
   */
  public record HelloResponse(Peer responder, boolean supernode, List<Peer> supernodes) implements Message {
    /** Its type. */
    public static final MessageType<HelloResponse> TYPE = MessageType.of(341, "supernode.hello_reply",
        in -> new HelloResponse(in.readPeer(), in.readBoolean(), in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists and checks them. */
    public HelloResponse {
      supernodes = List.copyOf(supernodes);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(responder);
      out.writeBoolean(supernode);
      out.writeList(supernodes, WireWriter::writePeer);
    }
  }

  /**
   * An ordinary node attaches to a supernode and uploads (the first part of) its listing. Answered by {@link AttachResponse}.
   *
   * @param score its participation score in thousandths
   * @param firewalled true if it cannot accept inbound connections
   * @param items what it shares (at most {@link #MAX_ITEMS}; more follow in {@link ListingRequest}s)
   */
  public record AttachRequest(int score, boolean firewalled, List<HitItem> items) implements Message {
    /** Its type. */
    public static final MessageType<AttachRequest> TYPE = MessageType.of(342, "supernode.attach",
        in -> new AttachRequest(in.readVarInt(1000, "score"), in.readBoolean(), in.readList(MAX_ITEMS, SupernodeMessages::readItem)));

    /** Copies the lists and checks them. */
    public AttachRequest {
      items = List.copyOf(items);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(score);
      out.writeBoolean(firewalled);
      out.writeList(items, SupernodeMessages::writeItem);
    }
  }

  /**
   * A supernode's answer to an attach.
   *
   * @param accepted true if the node is now attached
   * @param supernode the answering supernode
   * @param supernodes other supernodes, to fall back on
   */
  public record AttachResponse(boolean accepted, Peer supernode, List<Peer> supernodes) implements Message {
    /** Its type. */
    public static final MessageType<AttachResponse> TYPE = MessageType.of(343, "supernode.attached",
        in -> new AttachResponse(in.readBoolean(), in.readPeer(), in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists and checks them. */
    public AttachResponse {
      supernodes = List.copyOf(supernodes);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(accepted);
      out.writePeer(supernode);
      out.writeList(supernodes, WireWriter::writePeer);
    }
  }

  /**
   * Changes to an attached node's listing. Answered by {@link ListingResponse}.
   */
  public record ListingRequest(List<HitItem> added, List<Key> removed) implements Message {
    /** Its type. */
    public static final MessageType<ListingRequest> TYPE = MessageType.of(344, "supernode.listing",
        in -> new ListingRequest(in.readList(MAX_ITEMS, SupernodeMessages::readItem), in.readList(MAX_ITEMS, WireReader::readKey)));

    /** Copies the lists and checks them. */
    public ListingRequest {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(added, SupernodeMessages::writeItem);
      out.writeList(removed, WireWriter::writeKey);
    }
  }

  /**
   * Acknowledges a listing change.
   *
   * @param attached false if the supernode no longer has the sender attached (it must attach again)
   * @param held items the supernode now lists for the sender
   */
  public record ListingResponse(boolean attached, int held) implements Message {
    /** Its type. */
    public static final MessageType<ListingResponse> TYPE = MessageType.of(345, "supernode.listing_ack",
        in -> new ListingResponse(in.readBoolean(), in.readVarInt(Integer.MAX_VALUE, "held")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(attached);
      out.writeVarInt(held);
    }
  }

  /**
   * An attached node's periodic keep-alive with its current score. Answered by {@link KeepAliveResponse}.
   */
  public record KeepAliveRequest(int score) implements Message {
    /** Its type. */
    public static final MessageType<KeepAliveRequest> TYPE = MessageType.of(346, "supernode.keepalive",
        in -> new KeepAliveRequest(in.readVarInt(1000, "score")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(score);
    }
  }

  /**
   * The answer to a keep-alive.
   *
   * @param attached false if the supernode no longer has the sender attached (it stepped down or forgot it)
   * @param supernodes other supernodes, to fall back on
   * @param contacts other nodes attached to the same supernode, to ask for supernodes should every known one die
   */
  public record KeepAliveResponse(boolean attached, List<Peer> supernodes, List<Peer> contacts) implements Message {
    /** Its type. */
    public static final MessageType<KeepAliveResponse> TYPE = MessageType.of(347, "supernode.alive",
        in -> new KeepAliveResponse(in.readBoolean(), in.readList(MAX_PEERS, WireReader::readPeer),
            in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists. */
    public KeepAliveResponse {
      supernodes = List.copyOf(supernodes);
      contacts = List.copyOf(contacts);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(attached);
      out.writeList(supernodes, WireWriter::writePeer);
      out.writeList(contacts, WireWriter::writePeer);
    }
  }

  /**
   * An attached node asks its supernode to search the supernode overlay. Answered by {@link SearchResponse}.
   *
   * @param key the key sought, or null for a keyword search
   * @param words keywords, empty for a key search
   * @param limit most results
   * @param waitMillis how long the supernode may collect
   */
  public record SearchRequest(Key key, List<String> words, int limit, int waitMillis) implements Message {
    /** Its type. */
    public static final MessageType<SearchRequest> TYPE = MessageType.of(348, "supernode.search",
        in -> {
          Key k = in.readBoolean() ? in.readKey() : null;
          List<String> w = readWords(in);
          int limit = in.readVarInt(MAX_RESULTS, "limit");
          int waitMillis = in.readVarInt(Integer.MAX_VALUE, "wait");
          if ((k == null) == w.isEmpty()) {
            throw new MalformedMessageException("a search carries either a key or keywords");
          }
          return new SearchRequest(k, w, limit, waitMillis);
        });

    /** Copies the lists and checks them. */
    public SearchRequest {
      words = List.copyOf(words);
      if ((key == null) == words.isEmpty()) {
        throw new IllegalArgumentException("a search carries either a key or keywords");
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(key != null);
      if (key != null) {
        out.writeKey(key);
      }
      out.writeList(words, WireWriter::writeString);
      out.writeVarInt(limit);
      out.writeVarInt(waitMillis);
    }
  }

  /**
   * What the supernode overlay found.
   */
  public record SearchResponse(List<Result> results) implements Message {
    /** Its type. */
    public static final MessageType<SearchResponse> TYPE = MessageType.of(349, "supernode.results",
        in -> new SearchResponse(in.readList(MAX_RESULTS, Result::read)));

    /** Copies the lists and checks them. */
    public SearchResponse {
      results = List.copyOf(results);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(results, (o, r) -> r.write(o));
    }
  }

  /**
   * A supernode asks another for an overlay link. Answered by {@link LinkResponse}.
   */
  public record LinkRequest() implements Message {
    /** Its type. */
    public static final MessageType<LinkRequest> TYPE = MessageType.of(350, "supernode.link",
        in -> new LinkRequest());

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
   * The answer to a link request; a refusal or a non-supernode still names supernodes to try.
   */
  public record LinkResponse(boolean accepted, Peer responder, List<Peer> supernodes) implements Message {
    /** Its type. */
    public static final MessageType<LinkResponse> TYPE = MessageType.of(351, "supernode.linked",
        in -> new LinkResponse(in.readBoolean(), in.readPeer(), in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists and checks them. */
    public LinkResponse {
      supernodes = List.copyOf(supernodes);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(accepted);
      out.writePeer(responder);
      out.writeList(supernodes, WireWriter::writePeer);
    }
  }

  /**
   * One-way between linked supernodes each period: I am alive, and these are supernodes I know.
   */
  public record SupernodePing(List<Peer> supernodes) implements Message {
    /** Its type. */
    public static final MessageType<SupernodePing> TYPE = MessageType.of(352, "supernode.ping",
        in -> new SupernodePing(in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists and checks them. */
    public SupernodePing {
      supernodes = List.copyOf(supernodes);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(supernodes, WireWriter::writePeer);
    }
  }

  /**
   * A query flooded among supernodes only, with a descriptor id and TTL.
   */
  public record Query(Descriptor descriptor, Key key, List<String> words) implements Message {
    /** Its type. */
    public static final MessageType<Query> TYPE = MessageType.of(353, "supernode.query",
        in -> {
          Descriptor descriptor = Descriptor.read(in);
          Key k = in.readBoolean() ? in.readKey() : null;
          List<String> w = readWords(in);
          if ((k == null) == w.isEmpty()) {
            throw new MalformedMessageException("a search carries either a key or keywords");
          }
          return new Query(descriptor, k, w);
        });

    /** Copies the lists and checks them. */
    public Query {
      words = List.copyOf(words);
      if ((key == null) == words.isEmpty()) {
        throw new IllegalArgumentException("a search carries either a key or keywords");
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
    }
  }

  /**
   * A supernode's matches from its listings, routed back along the query's reverse path.
   *
   * @param distance supernode hops from the query's origin to the answering supernode
   */
  public record QueryHit(Descriptor descriptor, int distance, List<Result> results) implements Message {
    /** Its type. */
    public static final MessageType<QueryHit> TYPE = MessageType.of(354, "supernode.query_hit",
        in -> new QueryHit(Descriptor.read(in), in.readVarInt(256, "distance"), in.readList(MAX_RESULTS, Result::read)));

    /** Copies the lists and checks them. */
    public QueryHit {
      results = List.copyOf(results);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      descriptor.write(out);
      out.writeVarInt(distance);
      out.writeList(results, (o, r) -> r.write(o));
    }
  }

  /**
   * An overloaded supernode asks one of its nodes to become a supernode and link to these. Answered by {@link PromoteResponse}.
   */
  public record PromoteRequest(List<Peer> supernodes) implements Message {
    /** Its type. */
    public static final MessageType<PromoteRequest> TYPE = MessageType.of(355, "supernode.promote",
        in -> new PromoteRequest(in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the lists and checks them. */
    public PromoteRequest {
      supernodes = List.copyOf(supernodes);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(supernodes, WireWriter::writePeer);
    }
  }

  /**
   * Whether the node became a supernode.
   */
  public record PromoteResponse(boolean accepted) implements Message {
    /** Its type. */
    public static final MessageType<PromoteResponse> TYPE = MessageType.of(356, "supernode.promoted",
        in -> new PromoteResponse(in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeBoolean(accepted);
    }
  }

  /**
   * One-way, supernode to attached node: attach to this other supernode instead (load sharing or stepping down).
   */
  public record Move(Peer supernode) implements Message {
    /** Its type. */
    public static final MessageType<Move> TYPE = MessageType.of(357, "supernode.move",
        in -> new Move(in.readPeer()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(supernode);
    }
  }

  /**
   * Asks a holder for its records under a key. Answered by {@link FetchResponse}.
   */
  public record FetchRequest(Key key) implements Message {
    /** Its type. */
    public static final MessageType<FetchRequest> TYPE = MessageType.of(358, "supernode.fetch",
        in -> new FetchRequest(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
    }
  }

  /**
   * The records a holder keeps under a key (the fetcher verifies them).
   */
  public record FetchResponse(List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<FetchResponse> TYPE = MessageType.of(359, "supernode.records",
        in -> new FetchResponse(in.readList(MAX_RECORDS, Record::read)));

    /** Copies the lists and checks them. */
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

  /**
   * Asks a supernode to fetch from a firewalled node attached to it, over the connection that node opened. Answered by {@link FetchResponse}.
   */
  public record RelayFetchRequest(Key key, Peer holder) implements Message {
    /** Its type. */
    public static final MessageType<RelayFetchRequest> TYPE = MessageType.of(360, "supernode.relay_fetch",
        in -> new RelayFetchRequest(in.readKey(), in.readPeer()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
      out.writePeer(holder);
    }
  }

  /**
   * One-way between linked supernodes: the sender drops the link between them (it replaced the link
   * with one to a fresher random supernode) but stays a supernode.
   */
  public record Unlink() implements Message {
    /** Its type. */
    public static final MessageType<Unlink> TYPE = MessageType.of(362, "supernode.unlink",
        in -> new Unlink());

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
   * One-way: the sender leaves (or steps down); forget its link or attachment.
   */
  public record Bye() implements Message {
    /** Its type. */
    public static final MessageType<Bye> TYPE = MessageType.of(361, "supernode.bye",
        in -> new Bye());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      // no body
    }
  }

  /** Every message type of the supernode strategy. */
  public static List<MessageType<?>> types() {
    return List.of(HelloRequest.TYPE, HelloResponse.TYPE, AttachRequest.TYPE, AttachResponse.TYPE, ListingRequest.TYPE, ListingResponse.TYPE, KeepAliveRequest.TYPE, KeepAliveResponse.TYPE, SearchRequest.TYPE, SearchResponse.TYPE, LinkRequest.TYPE, LinkResponse.TYPE, SupernodePing.TYPE, Query.TYPE, QueryHit.TYPE, PromoteRequest.TYPE, PromoteResponse.TYPE, Move.TYPE, FetchRequest.TYPE, FetchResponse.TYPE, RelayFetchRequest.TYPE, Bye.TYPE, Unlink.TYPE);
  }
}
