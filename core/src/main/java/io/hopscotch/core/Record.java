package io.hopscotch.core;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A signed value stored under a key. A key holds at most one record per publisher; a newer
 * {@link #version()} from the same publisher replaces an older one, and nobody can write a record in
 * another publisher's name because storing nodes {@link #verify verify} the signature first.
 *
 * <p>A removal is a <em>tombstone</em>: a signed record with a higher version and no value, kept
 * until it expires so that a stale replica cannot bring the old value back.
 *
 * <p>Keywords (lower-case words) make the record findable by keyword search.
 */
public final class Record {

  /** Most keywords a record may carry. */
  public static final int MAX_KEYWORDS = 32;
  /** Longest keyword, in UTF-8 bytes. */
  public static final int MAX_KEYWORD_BYTES = 64;
  /** Longest public key or signature accepted on the wire. */
  private static final int MAX_CRYPTO_BYTES = 256;
  /** Hard ceiling on any value on the wire; nodes enforce their own, smaller {@code maxValueBytes}. */
  public static final int MAX_VALUE_BYTES_CEILING = 16 * 1024 * 1024;

  private final Key key;
  private final byte[] publisherKey;
  private final Key publisher;
  private final long version;
  private final long expiresAtMillis;
  private final boolean tombstone;
  private final List<String> keywords;
  private final byte[] value;
  private final byte[] signature;

  private Record(Key key, byte[] publisherKey, long version, long expiresAtMillis, boolean tombstone,
                 List<String> keywords, byte[] value, byte[] signature) {
    this.key = key;
    this.publisherKey = publisherKey;
    this.publisher = Key.sha1(publisherKey);
    this.version = version;
    this.expiresAtMillis = expiresAtMillis;
    this.tombstone = tombstone;
    this.keywords = keywords;
    this.value = value;
    this.signature = signature;
  }

  /**
   * Creates and signs a record.
   *
   * @param signer the publisher
   * @param key where it is stored
   * @param value the value (empty allowed)
   * @param keywords words it can be found by; normalised to lower case
   * @param version must grow with each write by the same publisher to the same key
   * @param expiresAtMillis absolute expiry, milliseconds since the epoch of the node's clock
   * @throws IllegalArgumentException if keywords break the limits
   */
  public static Record create(Signer signer, Key key, byte[] value, List<String> keywords, long version, long expiresAtMillis) {
    return sign(signer, key, Objects.requireNonNull(value, "value").clone(), normalise(keywords), version, expiresAtMillis, false);
  }

  /** Creates a signed tombstone that removes the publisher's value under {@code key}. */
  public static Record tombstone(Signer signer, Key key, long version, long expiresAtMillis) {
    return sign(signer, key, new byte[0], List.of(), version, expiresAtMillis, true);
  }

  private static Record sign(Signer signer, Key key, byte[] value, List<String> keywords, long version, long expiresAtMillis, boolean tombstone) {
    Objects.requireNonNull(key, "key");
    byte[] pub = signer.publicKey();
    Record unsigned = new Record(key, pub, version, expiresAtMillis, tombstone, keywords, value, new byte[0]);
    byte[] sig = signer.sign(unsigned.signedBytes());
    return new Record(key, pub, version, expiresAtMillis, tombstone, keywords, value, sig);
  }

  /** Lower-cases, trims and checks keywords; drops empty ones and duplicates. */
  public static List<String> normalise(List<String> keywords) {
    if (keywords == null || keywords.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String k : keywords) {
      String n = k.trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty() || out.contains(n)) {
        continue;
      }
      if (n.getBytes(StandardCharsets.UTF_8).length > MAX_KEYWORD_BYTES) {
        throw new IllegalArgumentException("keyword longer than " + MAX_KEYWORD_BYTES + " bytes: '" + n + "'");
      }
      out.add(n);
    }
    if (out.size() > MAX_KEYWORDS) {
      throw new IllegalArgumentException("at most " + MAX_KEYWORDS + " keywords, got " + out.size());
    }
    return List.copyOf(out);
  }

  /** Splits free text into normalised keywords (letters and digits). */
  public static List<String> keywordsOf(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty() && !words.contains(w) && w.getBytes(StandardCharsets.UTF_8).length <= MAX_KEYWORD_BYTES) {
        words.add(w);
      }
    }
    return words.size() > MAX_KEYWORDS ? List.copyOf(words.subList(0, MAX_KEYWORDS)) : List.copyOf(words);
  }

  /**
   * Checks the record before it is stored or believed.
   *
   * @param verifier the signature scheme in force
   * @param maxValueBytes the node's value size limit
   * @param nowMillis the current time of the node's clock
   * @throws InvalidRecordException saying what is wrong
   */
  public void verify(Verifier verifier, int maxValueBytes, long nowMillis) {
    if (value.length > maxValueBytes) {
      throw new InvalidRecordException("record for " + key + " holds " + value.length + " bytes, the limit is " + maxValueBytes);
    }
    if (tombstone && value.length != 0) {
      throw new InvalidRecordException("tombstone for " + key + " carries a value");
    }
    if (expiresAtMillis <= nowMillis) {
      throw new InvalidRecordException("record for " + key + " from " + publisher + " expired");
    }
    if (!verifier.verify(publisherKey, signedBytes(), signature)) {
      throw new InvalidRecordException("bad signature on record for " + key + " claiming publisher " + publisher);
    }
  }

  /** The bytes the signature covers: everything but the signature. */
  public byte[] signedBytes() {
    WireWriter w = WireWriter.withCapacity(64 + value.length);
    w.writeString("hopscotch-record-v1");
    writeUnsigned(w);
    return w.toByteArray();
  }

  private void writeUnsigned(WireWriter w) {
    w.writeKey(key).writeBytes(publisherKey).writeLong(version).writeLong(expiresAtMillis).writeBoolean(tombstone);
    w.writeList(keywords, WireWriter::writeString);
    w.writeBytes(value);
  }

  /** Writes the record, signature included. */
  public void write(WireWriter w) {
    writeUnsigned(w);
    w.writeBytes(signature);
  }

  /** Encoded size in bytes. */
  public int encodedSize() {
    WireWriter c = WireWriter.counting();
    write(c);
    return c.size();
  }

  /**
   * Reads a record written by {@link #write}. The signature is not checked here: call {@link #verify}.
   *
   * @throws MalformedMessageException if the bytes do not form a record
   */
  public static Record read(WireReader r) {
    Key key = r.readKey();
    byte[] pub = r.readBytes(MAX_CRYPTO_BYTES);
    long version = r.readLong();
    long expires = r.readLong();
    boolean tombstone = r.readBoolean();
    List<String> keywords = r.readList(MAX_KEYWORDS, in -> in.readString(MAX_KEYWORD_BYTES));
    byte[] value = r.readBytes(MAX_VALUE_BYTES_CEILING);
    byte[] sig = r.readBytes(MAX_CRYPTO_BYTES);
    return new Record(key, pub, version, expires, tombstone, List.copyOf(keywords), value, sig);
  }

  /** The key it is stored under. */
  public Key key() {
    return key;
  }

  /** The publisher's id: SHA-1 of {@link #publisherKey()}. */
  public Key publisher() {
    return publisher;
  }

  /** The publisher's encoded public key (a copy). */
  public byte[] publisherKey() {
    return publisherKey.clone();
  }

  /** The version; higher replaces lower from the same publisher. */
  public long version() {
    return version;
  }

  /** Absolute expiry in milliseconds of the node clock's epoch. */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** True if this record removes the publisher's value. */
  public boolean isTombstone() {
    return tombstone;
  }

  /** The normalised keywords. */
  public List<String> keywords() {
    return keywords;
  }

  /** The value (a copy). */
  public byte[] value() {
    return value.clone();
  }

  /** Length of the value in bytes. */
  public int valueLength() {
    return value.length;
  }

  /** The value as UTF-8 text. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** True if this record should replace {@code other} (same key and publisher, higher version). */
  public boolean supersedes(Record other) {
    return other == null || version > other.version;
  }

  /** True if every keyword in {@code words} is among this record's keywords. */
  public boolean matchesAll(List<String> words) {
    return !words.isEmpty() && keywords.containsAll(words);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r && key.equals(r.key) && version == r.version && expiresAtMillis == r.expiresAtMillis
        && tombstone == r.tombstone && Arrays.equals(publisherKey, r.publisherKey) && keywords.equals(r.keywords)
        && Arrays.equals(value, r.value) && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, publisher, version) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Record[" + key + " by " + publisher + " v" + version + (tombstone ? " tombstone" : " " + value.length + "B") + "]";
  }
}
