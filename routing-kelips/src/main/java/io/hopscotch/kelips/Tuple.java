package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * A file tuple: the item under {@code key} published by {@code owner}, at {@code version}, until
 * {@code expiresAtMillis}. The owner is the publisher (its id is the record's publisher id).
 *
 * <p>When {@code inline}, the whole signed record travels with the tuple and every member of the key's
 * group keeps it, so a contact answers {@code get} alone; otherwise the tuple is a pointer and the value
 * is fetched from the owner. A tuple held in a {@link TupleStore} never carries its record (the record
 * sits in the node's {@link io.hopscotch.core.spi.LocalStore}); one on the wire carries it exactly when
 * it is inline.
 *
 * @param owner the publisher, where the item stays
 * @param key the item's key
 * @param version the record's version; a higher one replaces a lower one of the same owner
 * @param expiresAtMillis the record's expiry on the node clock's epoch
 * @param tombstone true if the owner removed the item
 * @param keywords the record's keywords, for search
 * @param size the value's length in bytes
 * @param inline true if the record travels with the tuple
 * @param record the signed record when on the wire and inline, otherwise null
 */
public record Tuple(Peer owner, Key key, long version, long expiresAtMillis, boolean tombstone, List<String> keywords, int size,
                    boolean inline, Record record) {

  /** Checks consistency with the record, when there is one. */
  public Tuple {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(key, "key");
    keywords = List.copyOf(keywords);
    if (size < 0) {
      throw new IllegalArgumentException("tuple size must be >= 0, got " + size);
    }
    if (record != null) {
      if (!inline) {
        throw new IllegalArgumentException("a tuple that is not inline carries no record");
      }
      if (!record.publisher().equals(owner.id()) || !record.key().equals(key) || record.version() != version) {
        throw new IllegalArgumentException("tuple " + key + " v" + version + " by " + owner.id() + " does not match its record " + record);
      }
    }
  }

  /**
   * The tuple of a record published by {@code owner}.
   *
   * @param inline whether the record travels with the tuple
   */
  public static Tuple of(Record r, Peer owner, boolean inline) {
    return new Tuple(owner, r.key(), r.version(), r.expiresAtMillis(), r.isTombstone(), r.keywords(), r.valueLength(), inline,
        inline ? r : null);
  }

  /** The publisher's id. */
  public Key publisher() {
    return owner.id();
  }

  /** The same tuple without its record, as a store keeps it. */
  public Tuple withoutRecord() {
    return record == null ? this : new Tuple(owner, key, version, expiresAtMillis, tombstone, keywords, size, inline, null);
  }

  /** The same tuple carrying {@code r} (null: sent as a pointer to the owner). */
  public Tuple withRecord(Record r) {
    if (r == null) {
      return new Tuple(owner, key, version, expiresAtMillis, tombstone, keywords, size, false, null);
    }
    return new Tuple(owner, key, version, expiresAtMillis, tombstone, keywords, size, true, r);
  }

  /** True if this tuple should replace {@code other} (same key and owner): a higher version. */
  public boolean supersedes(Tuple other) {
    return other == null || version > other.version;
  }

  /** Bytes this tuple takes on the wire. */
  public int encodedSize() {
    WireWriter c = WireWriter.counting();
    write(c);
    return c.size();
  }

  /**
   * Writes the tuple.
   *
   * @throws IllegalStateException for an inline tuple without its record (stores strip it; attach it first)
   */
  public void write(WireWriter out) {
    out.writePeer(owner);
    if (inline) {
      if (record == null) {
        throw new IllegalStateException("inline tuple " + key + " has no record attached");
      }
      out.writeBoolean(true);
      record.write(out);
      return;
    }
    out.writeBoolean(false);
    out.writeKey(key).writeLong(version).writeLong(expiresAtMillis).writeBoolean(tombstone);
    out.writeList(keywords, WireWriter::writeString);
    out.writeVarInt(size);
  }

  /**
   * Reads a tuple written by {@link #write}. An inline record's signature is not checked here.
   *
   * @throws MalformedMessageException if the bytes do not form a tuple, or the record is not the owner's
   */
  public static Tuple read(WireReader in) {
    Peer owner = in.readPeer();
    if (in.readBoolean()) {
      Record r = Record.read(in);
      if (!r.publisher().equals(owner.id())) {
        throw new MalformedMessageException("tuple owner " + owner.id() + " is not the publisher " + r.publisher() + " of its record");
      }
      if (r.valueLength() > KelipsMessages.MAX_INLINE_RECORD_BYTES) {
        throw new MalformedMessageException("inline record of " + r.valueLength() + " bytes exceeds " + KelipsMessages.MAX_INLINE_RECORD_BYTES);
      }
      return of(r, owner, true);
    }
    Key key = in.readKey();
    long version = in.readLong();
    long expires = in.readLong();
    boolean tomb = in.readBoolean();
    List<String> words = in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES));
    int size = in.readVarInt(Record.MAX_VALUE_BYTES_CEILING, "tuple size");
    return new Tuple(owner, key, version, expires, tomb, words, size, false, null);
  }
}
