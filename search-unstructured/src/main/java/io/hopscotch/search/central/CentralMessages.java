package io.hopscotch.search.central;

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
 * The central index's messages (wire ids 100–149) and their codecs. Every list on the wire has an
 * explicit bound, so a hostile frame cannot make a decoder allocate more than the frame holds.
 */
public final class CentralMessages {

  /** Most holders an index lists for one key. */
  public static final int MAX_HOLDERS = 64;
  /** Most hits in one search answer. */
  public static final int MAX_HITS = 1000;
  /** Most holders listed in one hit. */
  public static final int MAX_HIT_HOLDERS = 16;
  /** Most records in one fetch answer (a key holds one record per publisher). */
  public static final int MAX_FETCH_RECORDS = 256;

  private CentralMessages() {
  }

  private static void writeOptionalKey(WireWriter out, Key k) {
    out.writeBoolean(k != null);
    if (k != null) {
      out.writeKey(k);
    }
  }

  private static Key readOptionalKey(WireReader in) {
    return in.readBoolean() ? in.readKey() : null;
  }

  private static void writeWords(WireWriter out, List<String> words) {
    out.writeList(words, WireWriter::writeString);
  }

  private static List<String> readWords(WireReader in) {
    return in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES));
  }

  /** A client's signed registration (also a renewal or an unregistration). Answered by {@link RegisterResponse}. */
  public record RegisterRequest(Registration registration) implements Message {
    /** Its type. */
    public static final MessageType<RegisterRequest> TYPE =
        MessageType.of(100, "central.register", in -> new RegisterRequest(Registration.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      registration.write(out);
    }
  }

  /**
   * The server accepted a registration.
   *
   * @param server the index server
   * @param held entries the server now holds for the client (a client that expects another number re-registers)
   * @param leaseExpiresAtMillis the lease granted, on the server's clock
   */
  public record RegisterResponse(Peer server, int held, long leaseExpiresAtMillis) implements Message {
    /** Its type. */
    public static final MessageType<RegisterResponse> TYPE = MessageType.of(101, "central.registered",
        in -> new RegisterResponse(in.readPeer(), in.readVarInt(Integer.MAX_VALUE, "held"), in.readLong()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(server).writeVarInt(held).writeLong(leaseExpiresAtMillis);
    }
  }

  /** Which clients hold {@code key}? Answered by {@link LookupResponse}. */
  public record LookupRequest(Key key) implements Message {
    /** Its type. */
    public static final MessageType<LookupRequest> TYPE = MessageType.of(102, "central.lookup", in -> new LookupRequest(in.readKey()));

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
   * The clients that hold a key (possibly none).
   *
   * @param server the index server that answered
   * @param holders at most {@link #MAX_HOLDERS}
   */
  public record LookupResponse(Peer server, List<IndexTable.Holder> holders) implements Message {
    /** Its type. */
    public static final MessageType<LookupResponse> TYPE = MessageType.of(103, "central.holders", in -> new LookupResponse(in.readPeer(),
        in.readList(MAX_HOLDERS, r -> {
          Peer p = r.readPeer();
          long size = r.readLong();
          if (size < 0) {
            throw new MalformedMessageException("negative holder size " + size);
          }
          return new IndexTable.Holder(p, size);
        })));

    /** Copies the list. */
    public LookupResponse {
      holders = List.copyOf(holders);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(server).writeList(holders, (o, h) -> o.writePeer(h.peer()).writeLong(h.size()));
    }
  }

  /** Keyword search: items carrying all {@code words}, at most {@code limit}. Answered by {@link SearchResponse}. */
  public record SearchRequest(List<String> words, int limit) implements Message {
    /** Its type. */
    public static final MessageType<SearchRequest> TYPE = MessageType.of(104, "central.search",
        in -> new SearchRequest(readWords(in), in.readVarInt(MAX_HITS, "search limit")));

    /** Copies the list. */
    public SearchRequest {
      words = List.copyOf(words);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeWords(out, words);
      out.writeVarInt(limit);
    }
  }

  /** The hits of a search. */
  public record SearchResponse(Peer server, List<IndexTable.Hit> hits) implements Message {
    /** Its type. */
    public static final MessageType<SearchResponse> TYPE = MessageType.of(105, "central.hits", in -> new SearchResponse(in.readPeer(),
        in.readList(MAX_HITS, r -> {
          Key k = r.readKey();
          List<String> words = readWords(r);
          List<Peer> peers = r.readList(MAX_HIT_HOLDERS, WireReader::readPeer);
          long size = r.readLong();
          if (size < 0) {
            throw new MalformedMessageException("negative hit size " + size);
          }
          return new IndexTable.Hit(k, words, peers, size);
        })));

    /** Copies the list. */
    public SearchResponse {
      hits = List.copyOf(hits);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writePeer(server).writeList(hits, (o, h) -> {
        o.writeKey(h.key());
        writeWords(o, h.keywords());
        o.writeList(h.holders(), WireWriter::writePeer);
        o.writeLong(h.size());
      });
    }
  }

  /** Asks a holder for the records it keeps under {@code key}. Answered by {@link FetchResponse}. */
  public record FetchRequest(Key key) implements Message {
    /** Its type. */
    public static final MessageType<FetchRequest> TYPE = MessageType.of(106, "central.fetch", in -> new FetchRequest(in.readKey()));

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
    public static final MessageType<FetchResponse> TYPE = MessageType.of(107, "central.records",
        in -> new FetchResponse(in.readList(MAX_FETCH_RECORDS, Record::read)));

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

  /**
   * A standby registers itself as a mirror of the primary (renewing its mirror lease) and asks for the
   * next page of the index after the cursor; {@code maxItems} 0 asks for no page. Answered by
   * {@link SnapshotResponse}.
   *
   * @param afterClient null for the first page
   * @param afterKey the cursor within {@code afterClient}, or null
   * @param maxItems most items wanted, 0 to only renew
   */
  public record MirrorRequest(Key afterClient, Key afterKey, int maxItems) implements Message {
    /** Its type. */
    public static final MessageType<MirrorRequest> TYPE = MessageType.of(108, "central.mirror",
        in -> new MirrorRequest(readOptionalKey(in), readOptionalKey(in), in.readVarInt(ClientSnapshot.MAX_ITEMS, "page size")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeOptionalKey(out, afterClient);
      writeOptionalKey(out, afterKey);
      out.writeVarInt(maxItems);
    }
  }

  /** A page of the primary's index, with the cursor for the next one. */
  public record SnapshotResponse(List<ClientSnapshot> clients, boolean more, Key nextClient, Key nextKey) implements Message {
    /** Most client parts in one page. */
    public static final int MAX_CLIENTS = ClientSnapshot.MAX_ITEMS;
    /** Its type. */
    public static final MessageType<SnapshotResponse> TYPE = MessageType.of(109, "central.snapshot", in -> new SnapshotResponse(
        in.readList(MAX_CLIENTS, ClientSnapshot::read), in.readBoolean(), readOptionalKey(in), readOptionalKey(in)));

    /** Copies the list. */
    public SnapshotResponse {
      clients = List.copyOf(clients);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(clients, (o, c) -> c.write(o));
      out.writeBoolean(more);
      writeOptionalKey(out, nextClient);
      writeOptionalKey(out, nextKey);
    }
  }

  /** One-way, primary to standby: a registration the primary accepted, to be applied the same way. */
  public record MirrorUpdate(Registration registration) implements Message {
    /** Its type. */
    public static final MessageType<MirrorUpdate> TYPE =
        MessageType.of(110, "central.mirror_update", in -> new MirrorUpdate(Registration.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      registration.write(out);
    }
  }

  /** Every message type of the central index. */
  public static List<MessageType<?>> types() {
    return List.of(RegisterRequest.TYPE, RegisterResponse.TYPE, LookupRequest.TYPE, LookupResponse.TYPE, SearchRequest.TYPE,
        SearchResponse.TYPE, FetchRequest.TYPE, FetchResponse.TYPE, MirrorRequest.TYPE, SnapshotResponse.TYPE, MirrorUpdate.TYPE);
  }
}
