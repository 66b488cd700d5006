package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;

/**
 * The messages Pastry nodes exchange (wire ids 200–249) with their codecs. Every list on the wire has
 * an explicit bound, so a hostile frame cannot make a decoder allocate more than the frame holds.
 */
public final class PastryMessages {

  /** Most next-hop candidates in one route reply. */
  public static final int MAX_NEXT = 8;
  /** Most peers excluded in one route request. */
  public static final int MAX_EXCLUDE = 64;
  /** Most peers in one state transfer (rows, leaf set, neighbourhood set). */
  public static final int MAX_PEERS = 4096;
  /** Most records in one message. */
  public static final int MAX_RECORDS = 4096;

  private PastryMessages() {
  }

  /** Why a route is walked: the responder adds state for joins and records for lookups. */
  public enum Mode {
    /** Find the root only (before a store). */
    ROUTE,
    /** Find the root and return its records under the key. */
    LOOKUP,
    /** A node joining with the key as its id: return routing-table rows, and the leaf set at the root. */
    JOIN,
    /** Like {@link #JOIN}, at the first hop: the bootstrap also returns its neighbourhood set. */
    JOIN_FIRST;

    static Mode read(WireReader in) {
      int v = in.readUnsignedByte();
      Mode[] all = values();
      if (v >= all.length) {
        throw new MalformedMessageException("route mode " + v + " is not one of 0.." + (all.length - 1));
      }
      return all[v];
    }
  }

  /**
   * Request: one step of an iterative route towards {@code key}. The responder answers with the root
   * (itself) or with better next hops, never one of {@code exclude}.
   */
  public record RouteRequest(Key key, Mode mode, List<Key> exclude) implements Message {
    /** Wire type 200. */
    public static final MessageType<RouteRequest> TYPE = MessageType.of(200, "pastry.route",
        in -> new RouteRequest(in.readKey(), Mode.read(in), in.readList(MAX_EXCLUDE, WireReader::readKey)));

    /** Copies the list. */
    public RouteRequest {
      exclude = List.copyOf(exclude);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key).writeByte(mode.ordinal()).writeList(exclude, WireWriter::writeKey);
    }
  }

  /**
   * Response to a {@link RouteRequest}.
   *
   * @param responder the node that answered
   * @param arrived true if the responder is the root of the key
   * @param next better next hops, best first (empty when arrived)
   * @param state peers for a joining node (rows, leaf set, neighbourhood set); empty otherwise
   * @param records the root's records under the key, for a lookup
   */
  public record RouteReply(Peer responder, boolean arrived, List<Peer> next, List<Peer> state, List<Record> records)
      implements Message {
    /** Wire type 201. */
    public static final MessageType<RouteReply> TYPE = MessageType.of(201, "pastry.route.reply",
        in -> new RouteReply(in.readPeer(), in.readBoolean(), in.readList(MAX_NEXT, WireReader::readPeer),
            in.readList(MAX_PEERS, WireReader::readPeer), in.readList(MAX_RECORDS, Record::read)));

    /** Copies the lists. */
    public RouteReply {
      next = List.copyOf(next);
      state = List.copyOf(state);
      records = List.copyOf(records);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(responder).writeBoolean(arrived).writeList(next, WireWriter::writePeer)
          .writeList(state, WireWriter::writePeer).writeList(records, (w, r) -> r.write(w));
    }
  }

  /**
   * Request: keep these records. With {@code replicate} the receiver is the root and copies them to the
   * rest of the key's replica set before it answers.
   */
  public record StoreRequest(List<Record> records, boolean replicate) implements Message {
    /** Wire type 202. */
    public static final MessageType<StoreRequest> TYPE = MessageType.of(202, "pastry.store",
        in -> new StoreRequest(in.readList(MAX_RECORDS, Record::read), in.readBoolean()));

    /** Copies the list. */
    public StoreRequest {
      records = List.copyOf(records);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(records, (w, r) -> r.write(w)).writeBoolean(replicate);
    }
  }

  /** Response to a {@link StoreRequest}: how many records were new to the receiver. */
  public record StoreReply(int stored) implements Message {
    /** Wire type 203. */
    public static final MessageType<StoreReply> TYPE = MessageType.of(203, "pastry.store.reply",
        in -> new StoreReply(in.readVarInt(MAX_RECORDS, "stored count")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(stored);
    }
  }

  /** Request: send me your leaf set (maintenance and repair; also tells the receiver the sender lives). */
  public record LeafSetRequest() implements Message {
    /** Wire type 204. */
    public static final MessageType<LeafSetRequest> TYPE = MessageType.of(204, "pastry.leafset", in -> new LeafSetRequest());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
    }
  }

  /** A list of peers: a leaf set, a routing-table row or a neighbourhood set. */
  public record PeerList(MessageType<PeerList> type, List<Peer> peers) implements Message {
    /** Copies the list. */
    public PeerList {
      peers = List.copyOf(peers);
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(peers, WireWriter::writePeer);
    }

    static MessageType<PeerList> type(int id, String name) {
      MessageType<?>[] self = new MessageType<?>[1];
      @SuppressWarnings("unchecked")
      MessageType<PeerList> t = MessageType.of(id, name,
          in -> new PeerList((MessageType<PeerList>) self[0], in.readList(MAX_PEERS, WireReader::readPeer)));
      self[0] = t;
      return t;
    }
  }

  /** Wire type 205: reply to {@link LeafSetRequest} and to {@link Announce}: the responder's leaf set. */
  public static final MessageType<PeerList> LEAF_SET = PeerList.type(205, "pastry.leafset.reply");
  /** Wire type 207: reply to {@link RowRequest}: the entries of one routing-table row. */
  public static final MessageType<PeerList> ROW = PeerList.type(207, "pastry.row.reply");

  /** Request: a node that just joined (or is alive again) introduces itself; answered with the leaf set. */
  public record Announce() implements Message {
    /** Wire type 208. */
    public static final MessageType<Announce> TYPE = MessageType.of(208, "pastry.announce", in -> new Announce());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
    }
  }

  /** Request: send me row {@code row} of your routing table (lazy and periodic table repair). */
  public record RowRequest(int row) implements Message {
    /** Wire type 206. */
    public static final MessageType<RowRequest> TYPE = MessageType.of(206, "pastry.row",
        in -> new RowRequest(in.readVarInt(Key.BITS, "row")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(row);
    }
  }

  /** Request: send me your neighbourhood set (a new node gathers nearby candidates for its table). */
  public record NeighbourhoodRequest() implements Message {
    /** Wire type 211. */
    public static final MessageType<NeighbourhoodRequest> TYPE =
        MessageType.of(211, "pastry.neighbourhood", in -> new NeighbourhoodRequest());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
    }
  }

  /** Wire type 212: reply to {@link NeighbourhoodRequest}: the responder's neighbourhood set, nearest first. */
  public static final MessageType<PeerList> NEIGHBOURHOOD = PeerList.type(212, "pastry.neighbourhood.reply");

  /** One-way: the sender found {@code suspect} unreachable; the receiver checks it itself before acting. */
  public record Failed(Peer suspect) implements Message {
    /** Wire type 209. */
    public static final MessageType<Failed> TYPE = MessageType.of(209, "pastry.failed", in -> new Failed(in.readPeer()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(suspect);
    }
  }

  /** One-way: the sender leaves the overlay; its leaf set helps the receiver repair its own. */
  public record Leave(List<Peer> leafSet) implements Message {
    /** Wire type 210. */
    public static final MessageType<Leave> TYPE = MessageType.of(210, "pastry.leave",
        in -> new Leave(in.readList(MAX_PEERS, WireReader::readPeer)));

    /** Copies the list. */
    public Leave {
      leafSet = List.copyOf(leafSet);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(leafSet, WireWriter::writePeer);
    }
  }

  /** Every type, for the node's registry. */
  public static List<MessageType<?>> types() {
    return List.of(RouteRequest.TYPE, RouteReply.TYPE, StoreRequest.TYPE, StoreReply.TYPE, LeafSetRequest.TYPE,
        LEAF_SET, RowRequest.TYPE, ROW, Announce.TYPE, Failed.TYPE, Leave.TYPE, NeighbourhoodRequest.TYPE,
        NEIGHBOURHOOD);
  }
}
