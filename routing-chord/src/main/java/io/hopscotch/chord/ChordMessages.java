package io.hopscotch.chord;

import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;

/**
 * Chord's wire messages, ids 150–199. Every request names the virtual node it is for ({@code target});
 * a null target (only sent to a bootstrap address, whose ids are unknown) means the host's first
 * virtual node. Every list has a hard bound, checked when decoding.
 */
public final class ChordMessages {

  /** Most contacts in any list (successor lists, candidates, paths, finger tables). */
  public static final int MAX_CONTACTS = 256;
  /** Most records in one store or fetch message. */
  public static final int MAX_RECORDS = 1024;
  /** Most dead contacts one find request may name. */
  public static final int MAX_DEAD = 16;
  /** Most entries in one replica digest. */
  public static final int MAX_DIGEST = 4096;

  private ChordMessages() {
  }

  private static void writeNullableKey(WireWriter out, Key k) {
    out.writeBoolean(k != null);
    if (k != null) {
      out.writeKey(k);
    }
  }

  private static Key readNullableKey(WireReader in) {
    return in.readBoolean() ? in.readKey() : null;
  }

  private static void writeNullableContact(WireWriter out, Contact c) {
    out.writeBoolean(c != null);
    if (c != null) {
      c.write(out);
    }
  }

  private static Contact readNullableContact(WireReader in) {
    return in.readBoolean() ? Contact.read(in) : null;
  }

  private static void writeContacts(WireWriter out, List<Contact> cs) {
    out.writeList(cs, (w, c) -> c.write(w));
  }

  private static List<Contact> readContacts(WireReader in) {
    return List.copyOf(in.readList(MAX_CONTACTS, Contact::read));
  }

  private static void writeRecords(WireWriter out, List<Record> rs) {
    out.writeList(rs, (w, r) -> r.write(w));
  }

  private static List<Record> readRecords(WireReader in) {
    return List.copyOf(in.readList(MAX_RECORDS, Record::read));
  }

  private static <T> List<T> bounded(List<T> l, int max, String what) {
    if (l.size() > max) {
      throw new IllegalArgumentException(what + " holds " + l.size() + " entries, the limit is " + max);
    }
    return List.copyOf(l);
  }

  /**
   * One step of an iterative lookup: what does {@code target} know about {@code key}?
   *
   * <p>{@code dead} lists contacts the asking lookup has already found unreachable, so the receiver
   * answers from the rest of its successor list and fingers instead of naming them again (right after a
   * crash every table still holds the dead node). The receiver only skips them in this answer; it does
   * not forget them on the asker's word.
   *
   * @param target the virtual node asked, or null for the host's first
   * @param key the key looked up
   * @param dead ids of contacts the asker found dead, at most {@link #MAX_DEAD}
   */
  public record FindRequest(Key target, Key key, List<Key> dead) implements Message {
    /** Its type. */
    public static final MessageType<FindRequest> TYPE = MessageType.of(150, "chord.find",
        in -> new FindRequest(readNullableKey(in), in.readKey(), List.copyOf(in.readList(MAX_DEAD, WireReader::readKey))));

    /** Copies and bounds the list. */
    public FindRequest {
      dead = bounded(dead, MAX_DEAD, "dead contacts");
    }

    /** A request with no contacts known dead. */
    public FindRequest(Key target, Key key) {
      this(target, key, List.of());
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeNullableKey(out, target);
      out.writeKey(key);
      out.writeList(dead, WireWriter::writeKey);
    }
  }

  /**
   * The answer to a {@link FindRequest}.
   *
   * @param responder the virtual node that answered
   * @param done true if the key lies between the responder and its successor: {@code nodes} is then the
   *     responder's successor list, starting with the key's owner
   * @param nodes when not done, the responder's best candidates closest before the key, best first
   */
  public record FindReply(Contact responder, boolean done, List<Contact> nodes) implements Message {
    /** Its type. */
    public static final MessageType<FindReply> TYPE =
        MessageType.of(151, "chord.find_reply", in -> new FindReply(Contact.read(in), in.readBoolean(), readContacts(in)));

    /** Copies and bounds the list. */
    public FindReply {
      nodes = bounded(nodes, MAX_CONTACTS, "find reply");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      responder.write(out);
      out.writeBoolean(done);
      writeContacts(out, nodes);
    }
  }

  /**
   * A recursive lookup forwarded hop by hop; each hop answers with what the rest of the path returned.
   *
   * @param target the virtual node it is for
   * @param key the key looked up
   * @param fetch true to return the records held under the key by its owner
   * @param budgetMillis how long the receiver may spend, forwarding included
   * @param path the virtual nodes visited so far, origin excluded
   */
  public record RecursiveRequest(Key target, Key key, boolean fetch, int budgetMillis, List<Contact> path) implements Message {
    /** Its type. */
    public static final MessageType<RecursiveRequest> TYPE = MessageType.of(152, "chord.recursive",
        in -> new RecursiveRequest(in.readKey(), in.readKey(), in.readBoolean(), in.readVarInt(), readContacts(in)));

    /** Copies and bounds the path. */
    public RecursiveRequest {
      path = bounded(path, MAX_CONTACTS, "recursive path");
      if (budgetMillis < 0) {
        throw new IllegalArgumentException("budget must be >= 0 ms, got " + budgetMillis);
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target).writeKey(key).writeBoolean(fetch).writeVarInt(budgetMillis);
      writeContacts(out, path);
    }
  }

  /**
   * The end of a recursive lookup.
   *
   * @param path every virtual node visited after the origin, ending with the owner
   * @param owners the owner followed by its successors
   * @param records the records the owner holds under the key (empty unless fetched)
   */
  public record RecursiveReply(List<Contact> path, List<Contact> owners, List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<RecursiveReply> TYPE = MessageType.of(153, "chord.recursive_reply",
        in -> new RecursiveReply(readContacts(in), readContacts(in), readRecords(in)));

    /** Copies and bounds the lists. */
    public RecursiveReply {
      path = bounded(path, MAX_CONTACTS, "recursive path");
      owners = bounded(owners, MAX_CONTACTS, "owners");
      records = bounded(records, MAX_RECORDS, "records");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeContacts(out, path);
      writeContacts(out, owners);
      writeRecords(out, records);
    }
  }

  /**
   * Stabilize: the sender believes {@code target} is its successor and asks for its predecessor and
   * successor list. It doubles as Zave's rectify: the receiver takes the sender as predecessor if the
   * sender lies between its current predecessor and itself, or if its predecessor is dead.
   *
   * @param target the virtual node asked
   * @param from the asking virtual node
   */
  public record StabilizeRequest(Key target, Contact from) implements Message {
    /** Its type. */
    public static final MessageType<StabilizeRequest> TYPE =
        MessageType.of(154, "chord.stabilize", in -> new StabilizeRequest(in.readKey(), Contact.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
      from.write(out);
    }
  }

  /**
   * The answer to {@link StabilizeRequest}.
   *
   * @param predecessor the responder's predecessor after rectifying, or null if it has none
   * @param successors the responder's successor list
   */
  public record StabilizeReply(Contact predecessor, List<Contact> successors) implements Message {
    /** Its type. */
    public static final MessageType<StabilizeReply> TYPE = MessageType.of(155, "chord.stabilize_reply",
        in -> new StabilizeReply(readNullableContact(in), readContacts(in)));

    /** Copies and bounds the list. */
    public StabilizeReply {
      successors = bounded(successors, MAX_CONTACTS, "successor list");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeNullableContact(out, predecessor);
      writeContacts(out, successors);
    }
  }

  /**
   * Liveness check of one virtual node (check-predecessor).
   *
   * @param target the virtual node checked
   */
  public record PingRequest(Key target) implements Message {
    /** Its type. */
    public static final MessageType<PingRequest> TYPE = MessageType.of(156, "chord.ping", in -> new PingRequest(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
    }
  }

  /** The answer to {@link PingRequest}: the virtual node is alive and a ring member. */
  public record PingReply() implements Message {
    /** Its type. */
    public static final MessageType<PingReply> TYPE = MessageType.of(157, "chord.pong", in -> new PingReply());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      // empty body
    }
  }

  /**
   * Stores records at {@code target}.
   *
   * @param target the virtual node
   * @param primary true if the sender believes {@code target} owns the keys: the receiver then makes sure
   *     the true owner has them and replicates them to its successors before answering
   * @param forwards how many more times the owner check may pass the records to a predecessor
   * @param records the records, each verified before it is kept
   */
  public record StoreRequest(Key target, boolean primary, int forwards, List<Record> records) implements Message {
    /** Its type. */
    public static final MessageType<StoreRequest> TYPE = MessageType.of(158, "chord.store",
        in -> new StoreRequest(in.readKey(), in.readBoolean(), in.readVarInt(16, "forwards"), readRecords(in)));

    /** Copies and bounds the list. */
    public StoreRequest {
      records = bounded(records, MAX_RECORDS, "store request");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target).writeBoolean(primary).writeVarInt(forwards);
      writeRecords(out, records);
    }
  }

  /**
   * The answer to {@link StoreRequest}.
   *
   * @param stored how many records were new or newer at the receiver
   */
  public record StoreReply(int stored) implements Message {
    /** Its type. */
    public static final MessageType<StoreReply> TYPE = MessageType.of(159, "chord.store_reply", in -> new StoreReply(in.readVarInt()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(stored);
    }
  }

  /**
   * Asks {@code target} for the records it holds under {@code key}.
   *
   * @param target the virtual node
   * @param key the key
   */
  public record FetchRequest(Key target, Key key) implements Message {
    /** Its type. */
    public static final MessageType<FetchRequest> TYPE = MessageType.of(160, "chord.fetch", in -> new FetchRequest(in.readKey(), in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target).writeKey(key);
    }
  }

  /**
   * What the asked node holds under a key.
   *
   * @param records the records, at most {@link #MAX_RECORDS}
   * @param redirect the node's predecessor if it holds nothing and believes the predecessor owns the key
   * @param settling true if the node's predecessor or successor changed recently, so records put meanwhile
   *     may still sit on one of its replicas: the reader should read those too
   */
  public record FetchReply(List<Record> records, Contact redirect, boolean settling) implements Message {
    /** Its type. */
    public static final MessageType<FetchReply> TYPE = MessageType.of(161, "chord.fetch_reply",
        in -> new FetchReply(readRecords(in), readNullableContact(in), in.readBoolean()));

    /** Copies and bounds the list. */
    public FetchReply {
      records = bounded(records, MAX_RECORDS, "fetch reply");
    }

    /** A reply from a node that is not settling. */
    public FetchReply(List<Record> records, Contact redirect) {
      this(records, redirect, false);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeRecords(out, records);
      writeNullableContact(out, redirect);
      out.writeBoolean(settling);
    }
  }

  /**
   * Asks {@code target} for its distinct fingers, which a joining node uses as a first finger table.
   *
   * @param target the virtual node
   */
  public record FingersRequest(Key target) implements Message {
    /** Its type. */
    public static final MessageType<FingersRequest> TYPE = MessageType.of(162, "chord.fingers", in -> new FingersRequest(in.readKey()));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
    }
  }

  /**
   * The answer to {@link FingersRequest}.
   *
   * @param fingers distinct fingers in ring order from the responder
   */
  public record FingersReply(List<Contact> fingers) implements Message {
    /** Its type. */
    public static final MessageType<FingersReply> TYPE = MessageType.of(163, "chord.fingers_reply", in -> new FingersReply(readContacts(in)));

    /** Copies and bounds the list. */
    public FingersReply {
      fingers = bounded(fingers, MAX_CONTACTS, "fingers");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      writeContacts(out, fingers);
    }
  }

  /**
   * One record named without its body: key, publisher and version.
   *
   * @param key the record's key
   * @param publisher its publisher's id
   * @param version its version
   */
  public record DigestEntry(Key key, Key publisher, long version) {
    void write(WireWriter out) {
      out.writeKey(key).writeKey(publisher).writeLong(version);
    }

    static DigestEntry read(WireReader in) {
      return new DigestEntry(in.readKey(), in.readKey(), in.readLong());
    }

    /** The entry naming {@code r}. */
    static DigestEntry of(Record r) {
      return new DigestEntry(r.key(), r.publisher(), r.version());
    }
  }

  /**
   * Replica synchronisation: the sender names records it holds that {@code target} should hold too.
   *
   * @param target the virtual node
   * @param entries the records offered
   */
  public record DigestRequest(Key target, List<DigestEntry> entries) implements Message {
    /** Its type. */
    public static final MessageType<DigestRequest> TYPE = MessageType.of(164, "chord.digest",
        in -> new DigestRequest(in.readKey(), List.copyOf(in.readList(MAX_DIGEST, DigestEntry::read))));

    /** Copies and bounds the list. */
    public DigestRequest {
      entries = bounded(entries, MAX_DIGEST, "digest");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
      out.writeList(entries, (w, e) -> e.write(w));
    }
  }

  /**
   * The answer to {@link DigestRequest}.
   *
   * @param wanted indexes into the offered entries that the receiver lacks or holds in an older version
   * @param successors the receiver's successor list, so the sender can tell whether it is still a replica
   * @param predecessor the receiver's predecessor, or null
   */
  public record DigestReply(List<Integer> wanted, List<Contact> successors, Contact predecessor) implements Message {
    /** Its type. */
    public static final MessageType<DigestReply> TYPE = MessageType.of(165, "chord.digest_reply",
        in -> new DigestReply(List.copyOf(in.readList(MAX_DIGEST, r -> r.readVarInt(MAX_DIGEST - 1, "digest index"))),
            readContacts(in), readNullableContact(in)));

    /** Copies and bounds the lists. */
    public DigestReply {
      wanted = bounded(wanted, MAX_DIGEST, "wanted");
      successors = bounded(successors, MAX_CONTACTS, "successor list");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeList(wanted, WireWriter::writeVarInt);
      writeContacts(out, successors);
      writeNullableContact(out, predecessor);
    }
  }

  /**
   * A graceful departure, sent one-way to the leaving node's successor and predecessor.
   *
   * @param target the virtual node told
   * @param leaving the departing virtual node
   * @param predecessor the departing node's predecessor (the successor's new one), or null
   * @param successors the departing node's successor list (the predecessor's new one)
   */
  public record LeaveNotice(Key target, Contact leaving, Contact predecessor, List<Contact> successors) implements Message {
    /** Its type. */
    public static final MessageType<LeaveNotice> TYPE = MessageType.of(166, "chord.leave",
        in -> new LeaveNotice(in.readKey(), Contact.read(in), readNullableContact(in), readContacts(in)));

    /** Copies and bounds the list. */
    public LeaveNotice {
      successors = bounded(successors, MAX_CONTACTS, "successor list");
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
      leaving.write(out);
      writeNullableContact(out, predecessor);
      writeContacts(out, successors);
    }
  }

  /**
   * A one-way hint to a node that its successor's neighbourhood changed, so it should stabilize at once:
   * {@code joined} now lies between it and its successor, or its successor lost its own successor (then
   * {@code joined} is the successor's new successor). The receiver believes nothing from it but what its
   * own stabilize confirms.
   *
   * @param target the virtual node told
   * @param joined the node that joined, or the sender's new successor
   */
  public record JoinHint(Key target, Contact joined) implements Message {
    /** Its type. */
    public static final MessageType<JoinHint> TYPE = MessageType.of(167, "chord.join_hint", in -> new JoinHint(in.readKey(), Contact.read(in)));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(target);
      joined.write(out);
    }
  }

  /** Every Chord message type. */
  public static List<MessageType<?>> types() {
    return List.of(FindRequest.TYPE, FindReply.TYPE, RecursiveRequest.TYPE, RecursiveReply.TYPE, StabilizeRequest.TYPE,
        StabilizeReply.TYPE, PingRequest.TYPE, PingReply.TYPE, StoreRequest.TYPE, StoreReply.TYPE, FetchRequest.TYPE,
        FetchReply.TYPE, FingersRequest.TYPE, FingersReply.TYPE, DigestRequest.TYPE, DigestReply.TYPE, LeaveNotice.TYPE,
        JoinHint.TYPE);
  }
}
