package io.hopscotch.transfer.swarm.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bencoded value (BEP 3): an integer, a byte string, a list or a dictionary. Values are immutable.
 *
 * <p>Dictionary keys are byte strings; they are held as ISO-8859-1 strings, one char per byte, so that
 * the natural order of {@link String} is the raw byte order bencoding requires and no byte is lost.
 */
public sealed interface BValue permits BValue.BInt, BValue.BBytes, BValue.BList, BValue.BDict {

  /** An integer. */
  record BInt(long value) implements BValue {
  }

  /** A byte string (copied in and out). */
  final class BBytes implements BValue {
    private final byte[] bytes;

    /** A byte string holding a copy of {@code bytes}. */
    public BBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    /** The UTF-8 encoding of {@code text}. */
    public static BBytes of(String text) {
      return new BBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    /** Number of bytes. */
    public int length() {
      return bytes.length;
    }

    /** The bytes decoded as UTF-8 (malformed sequences replaced). */
    public String utf8() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] raw() {
      return bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BBytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "BBytes[" + bytes.length + "]";
    }
  }

  /** A list. */
  record BList(List<BValue> items) implements BValue {
    /** Copies the items; none may be null. */
    public BList {
      items = List.copyOf(items);
    }
  }

  /** A dictionary with byte-string keys held as ISO-8859-1 strings, in byte order. */
  record BDict(NavigableMap<String, BValue> entries) implements BValue {
    /** Copies the entries; none may be null. */
    public BDict {
      TreeMap<String, BValue> copy = new TreeMap<>();
      for (Map.Entry<String, BValue> e : entries.entrySet()) {
        copy.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
      }
      entries = Collections.unmodifiableNavigableMap(copy);
    }

    /** The value under the ASCII key {@code key}, or null. */
    public BValue get(String key) {
      return entries.get(key);
    }

    /**
     * The value under {@code key}, which must be present and of type {@code type}.
     *
     * @throws BencodeException naming the key if it is missing or of another type
     */
    public <T extends BValue> T require(String key, Class<T> type) {
      BValue v = entries.get(key);
      if (v == null) {
        throw new BencodeException("missing key '" + key + "'");
      }
      if (!type.isInstance(v)) {
        throw new BencodeException("key '" + key + "' must be " + kind(type) + ", got " + kind(v.getClass()));
      }
      return type.cast(v);
    }

    /** Like {@link #require} but returns null when the key is absent. */
    public <T extends BValue> T optional(String key, Class<T> type) {
      return entries.containsKey(key) ? require(key, type) : null;
    }

    private static String kind(Class<?> c) {
      if (c == BInt.class) {
        return "an integer";
      } else if (c == BBytes.class) {
        return "a byte string";
      } else if (c == BList.class) {
        return "a list";
      }
      return "a dictionary";
    }
  }

  /** Builds dictionaries in a readable way. */
  final class DictBuilder {
    private final TreeMap<String, BValue> map = new TreeMap<>();

    /** Puts an entry; the key is ASCII text. */
    public DictBuilder put(String key, BValue value) {
      map.put(key, value);
      return this;
    }

    /** Puts a UTF-8 string. */
    public DictBuilder put(String key, String value) {
      return put(key, BBytes.of(value));
    }

    /** Puts an integer. */
    public DictBuilder put(String key, long value) {
      return put(key, new BInt(value));
    }

    /** Puts a byte string. */
    public DictBuilder put(String key, byte[] value) {
      return put(key, new BBytes(value));
    }

    /** The dictionary. */
    public BDict build() {
      return new BDict(map);
    }
  }

  /** A new dictionary builder. */
  static DictBuilder dict() {
    return new DictBuilder();
  }
}
