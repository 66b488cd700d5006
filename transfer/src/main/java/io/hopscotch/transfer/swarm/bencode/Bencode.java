package io.hopscotch.transfer.swarm.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict bencoding (BEP 3). The decoder accepts only the canonical form — integers without leading
 * zeros or {@code -0}, dictionary keys in strictly ascending byte order — so decoding then encoding
 * gives back the same bytes, which is what makes an info-hash stable. Nesting depth and element
 * counts are bounded, and the input must be consumed exactly.
 */
public final class Bencode {

  /** Deepest nesting of lists and dictionaries accepted. */
  public static final int MAX_DEPTH = 64;
  /** Most elements (list items or dictionary entries) in all, so a small input cannot build a huge tree. */
  public static final int MAX_ELEMENTS = 1_000_000;

  private final byte[] in;
  private int pos;
  private int elements;

  private Bencode(byte[] in) {
    this.in = in;
  }

  /**
   * Decodes exactly one value spanning all of {@code data}.
   *
   * @throws BencodeException with the offset and reason if the data is malformed, not canonical,
   *     too deep, or followed by trailing bytes
   */
  public static BValue decode(byte[] data) {
    Bencode d = new Bencode(data);
    BValue v = d.value(0);
    if (d.pos != data.length) {
      throw new BencodeException("trailing data at offset " + d.pos + " (" + (data.length - d.pos) + " bytes after the value)");
    }
    return v;
  }

  /**
   * A value decoded from the start of a byte array, and how many bytes it took.
   *
   * @param value the decoded value
   * @param length bytes of the input the value spans
   */
  public record Prefix(BValue value, int length) {
  }

  /**
   * Decodes one value at the start of {@code data} and tells where it ends; bytes after it are left
   * alone (the metadata exchange of BEP 9 puts raw data after a bencoded dictionary).
   *
   * @throws BencodeException with the offset and reason if the value is malformed, not canonical or too deep
   */
  public static Prefix decodePrefix(byte[] data) {
    Bencode d = new Bencode(data);
    BValue v = d.value(0);
    return new Prefix(v, d.pos);
  }

  /** Decodes a dictionary, failing if the value is of another type. */
  public static BValue.BDict decodeDict(byte[] data) {
    BValue v = decode(data);
    if (!(v instanceof BValue.BDict d)) {
      throw new BencodeException("expected a dictionary at offset 0");
    }
    return d;
  }

  /** The canonical encoding of {@code value}. */
  public static byte[] encode(BValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static void write(BValue value, ByteArrayOutputStream out) {
    if (value instanceof BValue.BInt i) {
      ascii(out, "i" + i.value() + "e");
    } else if (value instanceof BValue.BBytes b) {
      ascii(out, b.length() + ":");
      out.writeBytes(b.raw());
    } else if (value instanceof BValue.BList l) {
      out.write('l');
      l.items().forEach(item -> write(item, out));
      out.write('e');
    } else {
      out.write('d');
      for (Map.Entry<String, BValue> e : ((BValue.BDict) value).entries().entrySet()) {
        byte[] k = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
        ascii(out, k.length + ":");
        out.writeBytes(k);
        write(e.getValue(), out);
      }
      out.write('e');
    }
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private BencodeException error(String what) {
    return new BencodeException(what + " at offset " + pos);
  }

  private BValue value(int depth) {
    if (pos >= in.length) {
      throw error("unexpected end of data");
    }
    byte c = in[pos];
    if (c == 'i') {
      return new BValue.BInt(integer());
    }
    if (c >= '0' && c <= '9') {
      return new BValue.BBytes(bytes());
    }
    if (c == 'l' || c == 'd') {
      if (depth >= MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      pos++;
      return c == 'l' ? list(depth) : dict(depth);
    }
    throw error("unexpected byte 0x" + Integer.toHexString(c & 0xff) + " where a value should start");
  }

  private long integer() {
    int start = ++pos;
    int end = start;
    while (end < in.length && in[end] != 'e') {
      end++;
    }
    if (end >= in.length) {
      pos = in.length;
      throw error("unterminated integer");
    }
    String s = new String(in, start, end - start, StandardCharsets.US_ASCII);
    if (!s.matches("-?[0-9]+") || s.equals("-0") || (s.length() > 1 && s.charAt(0) == '0') || s.startsWith("-0")) {
      throw error("malformed integer '" + s + "'");
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error("integer out of the 64-bit range '" + s + "'");
    }
    pos = end + 1;
    return v;
  }

  private byte[] bytes() {
    int start = pos;
    long len = 0;
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      if (pos - start > 0 && in[start] == '0') {
        throw error("string length with a leading zero");
      }
      len = len * 10 + (in[pos] - '0');
      if (len > Integer.MAX_VALUE) {
        throw error("string length too large");
      }
      pos++;
    }
    if (pos >= in.length || in[pos] != ':') {
      throw error("expected ':' after a string length");
    }
    pos++;
    if (len > in.length - pos) {
      throw error("string of " + len + " bytes runs past the end of the data (" + (in.length - pos) + " left)");
    }
    byte[] out = new byte[(int) len];
    System.arraycopy(in, pos, out, 0, out.length);
    pos += out.length;
    return out;
  }

  private void count() {
    if (++elements > MAX_ELEMENTS) {
      throw error("more than " + MAX_ELEMENTS + " elements");
    }
  }

  private BValue.BList list(int depth) {
    List<BValue> items = new ArrayList<>();
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated list");
      }
      if (in[pos] == 'e') {
        pos++;
        return new BValue.BList(items);
      }
      count();
      items.add(value(depth + 1));
    }
  }

  private BValue.BDict dict(int depth) {
    TreeMap<String, BValue> entries = new TreeMap<>();
    String previous = null;
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated dictionary");
      }
      if (in[pos] == 'e') {
        pos++;
        return new BValue.BDict(entries);
      }
      count();
      if (in[pos] < '0' || in[pos] > '9') {
        throw error("dictionary key must be a byte string");
      }
      int keyAt = pos;
      String key = new String(bytes(), StandardCharsets.ISO_8859_1);
      if (previous != null && previous.compareTo(key) >= 0) {
        pos = keyAt;
        throw error(previous.equals(key) ? "duplicate dictionary key '" + key + "'" : "dictionary key '" + key + "' out of order");
      }
      previous = key;
      entries.put(key, value(depth + 1));
    }
  }
}
