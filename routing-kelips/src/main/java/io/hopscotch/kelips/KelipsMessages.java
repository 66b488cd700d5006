package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;

/**
 * Kelips's messages (wire ids 250–299) and their codecs. Every list on the wire has an explicit bound,
 * so a hostile frame cannot make a decoder allocate more than the frame holds.
 */
public final class KelipsMessages {

  /** Most membership entries in one message. */
  public static final int MAX_ENTRIES = 4096;
  /** Most tuples in one message. */
  public static final int MAX_TUPLES = 4096;
  /** Most records in one answer (a key holds one record per publisher). */
  public static final int MAX_RECORDS = 256;
  /** Largest value that may travel inline with a tuple, in bytes. */
  public static final int MAX_INLINE_RECORD_BYTES = 64 * 1024;
  /** Largest page a sync answer may be asked for, in bytes. */
  public static final int MAX_SYNC_PAGE_BYTES = 1 << 20;

  private KelipsMessages() {
  }

  /** Every Kelips message type. */
  public static List<MessageType<?>> types() {
    return List.of(JoinRequest.TYPE, JoinResponse.TYPE, Gossip.TYPE, ExchangeRequest.TYPE, ExchangeResponse.TYPE,
        InsertRequest.TYPE, InsertResponse.TYPE, LookupRequest.TYPE, LookupResponse.TYPE, FetchRequest.TYPE, FetchResponse.TYPE,
        SearchRequest.TYPE, SearchResponse.TYPE, DigestRequest.TYPE, DigestResponse.TYPE, SyncRequest.TYPE, SyncResponse.TYPE,
        Leave.TYPE, Ping.TYPE, Pong.TYPE);
  }

  /** Longest public key or signature accepted in a membership entry. */
  public static final int MAX_CRYPTO_BYTES = 256;

  /**
   * A node as gossip knows it: who it is and its incarnation, signed by the node itself so that no other
   * node can forge, revive or renumber it.
   *
   * @param peer the node
   * @param heartbeat the node's incarnation (its clock when it started, raised to refute a death
   *     rumour); higher is fresher
   * @param publicKey the node's public key (its id is SHA-1 of it)
   * @param signature the node's signature of {@link #signedBytes} (peer and heartbeat)
   */
  public record MemberEntry(Peer peer, long heartbeat, byte[] publicKey, byte[] signature) {
    /** Checks the sizes. */
    public MemberEntry {
      if (publicKey.length > MAX_CRYPTO_BYTES || signature.length > MAX_CRYPTO_BYTES) {
        throw new IllegalArgumentException("public key or signature longer than " + MAX_CRYPTO_BYTES + " bytes");
      }
    }

    /** The entry of the signer's own node at {@code heartbeat}, signed. */
    public static MemberEntry signed(Signer signer, Peer self, long heartbeat) {
      return new MemberEntry(self, heartbeat, signer.publicKey(), signer.sign(signedBytes(self, heartbeat)));
    }

    /** What the node signs: a domain tag, its peer and its heartbeat. */
    static byte[] signedBytes(Peer peer, long heartbeat) {
      return new WireWriter().writeString("kelips.member").writePeer(peer).writeLong(heartbeat).toByteArray();
    }

    /** True if the key is the peer's (its id is SHA-1 of the key) and the signature is the peer's. */
    public boolean verify(Verifier verifier) {
      return Key.sha1(publicKey).equals(peer.id()) && verifier.verify(publicKey, signedBytes(peer, heartbeat), signature);
    }

    /** Writes the entry. */
    public void write(WireWriter out) {
      out.writePeer(peer).writeLong(heartbeat).writeBytes(publicKey).writeBytes(signature);
    }

    /** Reads an entry (the signature is not checked here). */
    public static MemberEntry read(WireReader in) {
      return new MemberEntry(in.readPeer(), in.readLong(), in.readBytes(MAX_CRYPTO_BYTES), in.readBytes(MAX_CRYPTO_BYTES));
    }

    /** Encoded size in bytes. */
    public int encodedSize() {
      WireWriter c = WireWriter.counting();
      write(c);
      return c.size();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MemberEntry e && e.peer.equals(peer) && e.heartbeat == heartbeat && java.util.Arrays.equals(e.publicKey, publicKey)
          && java.util.Arrays.equals(e.signature, signature);
    }

    @Override
    public int hashCode() {
      return peer.hashCode() * 31 + Long.hashCode(heartbeat);
    }

    @Override
    public String toString() {
      return "MemberEntry[" + peer + ", " + heartbeat + "]";
    }
  }

  /**
   * A failure rumour: {@code id} was found dead (or left) at {@code heartbeat}; entries with that or an
   * older heartbeat are dropped, a fresher one proves it alive again. {@code lastOfGroup} is set when the
   * node left gracefully as the last member of its group it knew of: receivers with no other contact in
   * that group treat the group as empty at once instead of waiting out the failure window.
   */
  public record DeadEntry(Key id, long heartbeat, boolean lastOfGroup) {
    /** Encoded size in bytes. */
    public static final int SIZE = Key.BYTES + 8 + 1;

    /** A death (or leave) that says nothing about the rest of the node's group. */
    public DeadEntry(Key id, long heartbeat) {
      this(id, heartbeat, false);
    }

    /** Writes the entry. */
    public void write(WireWriter out) {
      out.writeKey(id).writeLong(heartbeat).writeBoolean(lastOfGroup);
    }

    /** Reads an entry. */
    public static DeadEntry read(WireReader in) {
      return new DeadEntry(in.readKey(), in.readLong(), in.readBoolean());
    }
  }

  private static List<MemberEntry> readEntries(WireReader in) {
    return in.readList(MAX_ENTRIES, MemberEntry::read);
  }

  private static void writeEntries(WireWriter out, List<MemberEntry> entries) {
    out.writeList(entries, (o, e) -> e.write(o));
  }

  private static List<Tuple> readTuples(WireReader in) {
    return in.readList(MAX_TUPLES, Tuple::read);
  }

  private static void writeTuples(WireWriter out, List<Tuple> tuples) {
    out.writeList(tuples, (o, t) -> t.write(o));
  }

  private static List<Record> readRecords(WireReader in) {
    return in.readList(MAX_RECORDS, Record::read);
  }

  private static void writeRecords(WireWriter out, List<Record> records) {
    out.writeList(records, (o, r) -> r.write(o));
  }

  private static int readGroups(WireReader in) {
    int k = in.readVarInt(1 << 16, "groups");
    if (k < 1) {
      throw new MalformedMessageException("groups must be at least 1");
    }
    return k;
  }

  /**
   * A new node asks to join; {@code groups} is its k, which must match, {@code self} its signed entry.
   * Answered by {@link JoinResponse}.
   */
  public record JoinRequest(int groups, MemberEntry self) implements Message {
    /** Its type. */
    public static final MessageType<JoinRequest> TYPE = MessageType.of(250, "kelips.join",
        in -> new JoinRequest(readGroups(in), MemberEntry.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(groups);
      self.write(out);
    }
  }

  /**
   * The bootstrap's view for a joining node: its own entry, its group and its contacts.
   *
   * @param groups the bootstrap's k
   * @param self the bootstrap
   * @param members what it knows, at most {@link #MAX_ENTRIES}
   */
  public record JoinResponse(int groups, MemberEntry self, List<MemberEntry> members) implements Message {
    /** Its type. */
    public static final MessageType<JoinResponse> TYPE = MessageType.of(251, "kelips.welcome",
        in -> new JoinResponse(readGroups(in), MemberEntry.read(in), readEntries(in)));

    /** Copies the list. */
    public JoinResponse {
      members = List.copyOf(members);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(groups);
      self.write(out);
      writeEntries(out, members);
    }
  }

  /**
   * One gossip message: membership entries (the sender's own first), failure rumours and tuples.
   * Sent one-way to members of the own group.
   */
  public record Gossip(List<MemberEntry> members, List<DeadEntry> dead, List<Tuple> tuples) implements Message {
    /** Its type. */
    public static final MessageType<Gossip> TYPE = MessageType.of(252, "kelips.gossip", Gossip::read);

    /** Copies the lists. */
    public Gossip {
      members = List.copyOf(members);
      dead = List.copyOf(dead);
      tuples = List.copyOf(tuples);
    }

    static Gossip read(WireReader in) {
      return new Gossip(readEntries(in), in.readList(MAX_ENTRIES, DeadEntry::read), readTuples(in));
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeEntries(out, members);
      out.writeList(dead, (o, d) -> d.write(o));
      writeTuples(out, tuples);
    }
  }

  /**
   * Gossip with a contact in a foreign group, as a request: the answer proves the contact alive, times
   * its round trip and brings entries of its group back. Answered by {@link ExchangeResponse}.
   */
  public record ExchangeRequest(Gossip gossip) implements Message {
    /** Its type. */
    public static final MessageType<ExchangeRequest> TYPE = MessageType.of(253, "kelips.exchange", in -> new ExchangeRequest(Gossip.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      gossip.write(out);
    }
  }

  /** Entries of the contact's group (its own first). */
  public record ExchangeResponse(List<MemberEntry> members) implements Message {
    /** Its type. */
    public static final MessageType<ExchangeResponse> TYPE = MessageType.of(254, "kelips.exchanged", in -> new ExchangeResponse(readEntries(in)));

    /** Copies the list. */
    public ExchangeResponse {
      members = List.copyOf(members);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeEntries(out, members);
    }
  }

  /**
   * Insert a tuple into the key's home group. With {@code relay}, a receiver outside that group may pass
   * it on once. Answered by {@link InsertResponse}.
   */
  public record InsertRequest(Tuple tuple, boolean relay) implements Message {
    /** Its type. */
    public static final MessageType<InsertRequest> TYPE = MessageType.of(255, "kelips.insert",
        in -> new InsertRequest(Tuple.read(in), in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      tuple.write(out);
      out.writeBoolean(relay);
    }
  }

  /** The tuple is held; {@code hops}: nodes contacted beyond the one that answered. */
  public record InsertResponse(int hops) implements Message {
    /** Its type. */
    public static final MessageType<InsertResponse> TYPE = MessageType.of(256, "kelips.inserted",
        in -> new InsertResponse(in.readVarInt(64, "hops")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(hops);
    }
  }

  /**
   * What is under {@code key}? With {@code relay}, a member of the asker's group looks it up on the
   * asker's behalf (the asker's contacts failed). Answered by {@link LookupResponse}.
   */
  public record LookupRequest(Key key, boolean relay) implements Message {
    /** Its type. */
    public static final MessageType<LookupRequest> TYPE = MessageType.of(257, "kelips.lookup",
        in -> new LookupRequest(in.readKey(), in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key).writeBoolean(relay);
    }
  }

  /**
   * The answer to a lookup.
   *
   * @param records inline records (tombstones included)
   * @param pointers tuples without records: fetch the value from their owners
   * @param hops nodes contacted beyond the one that answered (a relay's own lookup)
   */
  public record LookupResponse(List<Record> records, List<Tuple> pointers, int hops) implements Message {
    /** Its type. */
    public static final MessageType<LookupResponse> TYPE = MessageType.of(258, "kelips.found", in -> {
      List<Record> records = readRecords(in);
      List<Tuple> pointers = in.readList(MAX_RECORDS, Tuple::read);
      for (Tuple t : pointers) {
        if (t.inline()) {
          throw new MalformedMessageException("a lookup pointer carries a record");
        }
      }
      return new LookupResponse(records, pointers, in.readVarInt(64, "hops"));
    });

    /** Copies the lists. */
    public LookupResponse {
      records = List.copyOf(records);
      pointers = List.copyOf(pointers);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeRecords(out, records);
      writeTuples(out, pointers);
      out.writeVarInt(hops);
    }
  }

  /** The owner's own records under {@code key}. Answered by {@link FetchResponse}. */
  public record FetchRequest(Key key) implements Message {
    /** Its type. */
    public static final MessageType<FetchRequest> TYPE = MessageType.of(259, "kelips.fetch", in -> new FetchRequest(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(key);
    }
  }

  /** Records the owner holds under the key. */
  public record FetchResponse(List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<FetchResponse> TYPE = MessageType.of(260, "kelips.records", in -> new FetchResponse(readRecords(in)));

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
      writeRecords(out, records);
    }
  }

  /** Tuples of the answering node's group whose keywords include all {@code words}. Answered by {@link SearchResponse}. */
  public record SearchRequest(List<String> words, int limit) implements Message {
    /** Its type. */
    public static final MessageType<SearchRequest> TYPE = MessageType.of(261, "kelips.search", in -> new SearchRequest(
        in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES)), in.readVarInt(MAX_TUPLES, "limit")));

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
      out.writeList(words, WireWriter::writeString).writeVarInt(limit);
    }
  }

  /** Matching tuples, as pointers. */
  public record SearchResponse(List<Tuple> hits) implements Message {
    /** Its type. */
    public static final MessageType<SearchResponse> TYPE = MessageType.of(262, "kelips.hits", in -> new SearchResponse(readTuples(in)));

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
      writeTuples(out, hits);
    }
  }

  /** Anti-entropy: what are your tuple digests? Answered by {@link DigestResponse}. */
  public record DigestRequest() implements Message {
    /** Its type. */
    public static final MessageType<DigestRequest> TYPE = MessageType.of(263, "kelips.digest", in -> new DigestRequest());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
    }
  }

  /** The answerer's tuple digest per key bucket ({@link TupleStore#BUCKETS} of them). */
  public record DigestResponse(List<Long> buckets) implements Message {
    /** Its type. */
    public static final MessageType<DigestResponse> TYPE = MessageType.of(264, "kelips.digested", in -> {
      List<Long> b = in.readList(TupleStore.BUCKETS, WireReader::readLong);
      if (b.size() != TupleStore.BUCKETS) {
        throw new MalformedMessageException("expected " + TupleStore.BUCKETS + " bucket digests, got " + b.size());
      }
      return new DigestResponse(b);
    });

    /** Copies the list. */
    public DigestResponse {
      buckets = List.copyOf(buckets);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(buckets, WireWriter::writeLong);
    }
  }

  /**
   * A page of the answerer's tuples in key buckets {@code fromBucket} to {@code toBucket}, with keys
   * after {@code after} (null: from the first bucket's start), of about {@code maxBytes}. Answered by
   * {@link SyncResponse}.
   */
  public record SyncRequest(int fromBucket, int toBucket, Key after, int maxBytes) implements Message {
    /** Its type. */
    public static final MessageType<SyncRequest> TYPE = MessageType.of(265, "kelips.sync", in -> {
      int from = in.readVarInt(TupleStore.BUCKETS - 1, "bucket");
      int to = in.readVarInt(TupleStore.BUCKETS - 1, "bucket");
      if (to < from) {
        throw new MalformedMessageException("bucket range " + from + ".." + to + " is empty");
      }
      return new SyncRequest(from, to, in.readBoolean() ? in.readKey() : null, in.readVarInt(MAX_SYNC_PAGE_BYTES, "page bytes"));
    });

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(fromBucket).writeVarInt(toBucket);
      out.writeBoolean(after != null);
      if (after != null) {
        out.writeKey(after);
      }
      out.writeVarInt(maxBytes);
    }
  }

  /** A page of tuples in key order; {@code more} if the answerer holds further keys in the asked buckets. */
  public record SyncResponse(List<Tuple> tuples, boolean more) implements Message {
    /** Its type. */
    public static final MessageType<SyncResponse> TYPE = MessageType.of(266, "kelips.sync-page",
        in -> new SyncResponse(readTuples(in), in.readBoolean()));

    /** Copies the list. */
    public SyncResponse {
      tuples = List.copyOf(tuples);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeTuples(out, tuples);
      out.writeBoolean(more);
    }
  }

  /**
   * The sender leaves gracefully; its last heartbeat was {@code heartbeat}. {@code lastOfGroup}: it knew
   * no other member of its group, so its group is now empty (its tuples are handed to the next group).
   * One-way.
   */
  public record Leave(long heartbeat, boolean lastOfGroup) implements Message {
    /** Its type. */
    public static final MessageType<Leave> TYPE = MessageType.of(267, "kelips.leave", in -> new Leave(in.readLong(), in.readBoolean()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeLong(heartbeat).writeBoolean(lastOfGroup);
    }
  }

  /**
   * The failure detector's probe of one member of the own group, carrying gossip (the sender's entry and
   * rumours) so that probing and dissemination share one message, and a foreign group in which the sender
   * holds no contact ({@code wantGroup}, -1 if none), for which the answer brings one. Answered by
   * {@link Pong}.
   */
  public record Ping(Gossip gossip, int wantGroup) implements Message {
    /** Its type. */
    public static final MessageType<Ping> TYPE = MessageType.of(268, "kelips.ping",
        in -> new Ping(Gossip.read(in), in.readVarInt(1 << 16, "wanted group") - 1));

    /** Checks the wanted group. */
    public Ping {
      if (wantGroup < -1 || wantGroup >= 1 << 16) {
        throw new IllegalArgumentException("wanted group must be -1 (none) or in 0..65535, got " + wantGroup);
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      gossip.write(out);
      out.writeVarInt(wantGroup + 1);
    }
  }

  /**
   * The answer to a {@link Ping}: a contact in the group the prober wants, if held, and the obituary of
   * the prober when the member holds one (so a node declared dead by mistake learns it and refutes).
   */
  public record Pong(Gossip gossip) implements Message {
    /** Its type. */
    public static final MessageType<Pong> TYPE = MessageType.of(269, "kelips.pong", in -> new Pong(Gossip.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      gossip.write(out);
    }
  }
}
