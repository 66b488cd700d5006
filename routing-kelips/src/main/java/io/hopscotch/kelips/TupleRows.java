package io.hopscotch.kelips;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte form in which a {@link TupleStore} keeps a tuple (without its record): 64 bytes for a pointer
 * tuple without keywords whose owner host is an IPv4 literal or as short, where the object form costs
 * 160 to 330 bytes of heap.
 *
 * <p>Layout of a row: item key (20 bytes), publisher id (20), version (8, big-endian), expiry (8), flags
 * (1), then variable fields: value size (varint), owner port (2), owner host (4 bytes when it is a dotted
 * IPv4 literal in canonical form, otherwise a varint length and UTF-8), and only when the flag says so the
 * keywords (varint count, then varint length and UTF-8 each). The fixed fields come first so that the
 * store compares keys and publishers, checks versions and expiries and updates digests without decoding.
 * Keys compare as unsigned big-endian bytes, which is {@link Key#compareTo}'s order. Strings are kept
 * as UTF-8, as on the wire: one with an unpaired surrogate comes back with a replacement character, as it
 * would from the network.
 */
final class TupleRows {

  /** Offset of the item key. */
  static final int KEY = 0;
  /** Offset of the publisher id. */
  static final int PUBLISHER = KEY + Key.BYTES;
  /** Offset of the version. */
  static final int VERSION = PUBLISHER + Key.BYTES;
  /** Offset of the expiry. */
  static final int EXPIRES = VERSION + 8;
  /** Offset of the flags. */
  static final int FLAGS = EXPIRES + 8;
  /** Offset of the first variable field. */
  static final int VARIABLE = FLAGS + 1;

  private static final int TOMBSTONE = 1;
  private static final int INLINE = 2;
  private static final int IPV4 = 4;
  private static final int KEYWORDS = 8;

  private static final byte[] NO_BYTES = new byte[0];
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private TupleRows() {
  }

  /** The bytes of {@code t} as a row (its record, if any, is left out). */
  static byte[] encode(Tuple t) {
    byte[] host = null;
    int ipv4 = -1;
    String h = t.owner().address().host();
    long v4 = parseIpv4(h);
    if (v4 >= 0) {
      ipv4 = (int) v4;
    } else {
      host = h.getBytes(StandardCharsets.UTF_8);
    }
    List<String> words = t.keywords();
    byte[][] wordBytes = new byte[words.size()][];
    int length = VARIABLE + varIntSize(t.size()) + 2 + (host == null ? 4 : varIntSize(host.length) + host.length);
    if (!words.isEmpty()) {
      length += varIntSize(words.size());
      for (int i = 0; i < wordBytes.length; i++) {
        wordBytes[i] = words.get(i).getBytes(StandardCharsets.UTF_8);
        length += varIntSize(wordBytes[i].length) + wordBytes[i].length;
      }
    }
    byte[] row = new byte[length];
    t.key().writeTo(row, KEY);
    t.publisher().writeTo(row, PUBLISHER);
    LONG.set(row, VERSION, t.version());
    LONG.set(row, EXPIRES, t.expiresAtMillis());
    row[FLAGS] = (byte) ((t.tombstone() ? TOMBSTONE : 0) | (t.inline() ? INLINE : 0) | (host == null ? IPV4 : 0)
        | (words.isEmpty() ? 0 : KEYWORDS));
    int p = writeVarInt(row, VARIABLE, t.size());
    int port = t.owner().address().port();
    row[p++] = (byte) (port >>> 8);
    row[p++] = (byte) port;
    if (host == null) {
      row[p++] = (byte) (ipv4 >>> 24);
      row[p++] = (byte) (ipv4 >>> 16);
      row[p++] = (byte) (ipv4 >>> 8);
      row[p++] = (byte) ipv4;
    } else {
      p = writeBytes(row, p, host);
    }
    if (!words.isEmpty()) {
      p = writeVarInt(row, p, words.size());
      for (byte[] w : wordBytes) {
        p = writeBytes(row, p, w);
      }
    }
    assert p == length;
    return row;
  }

  /**
   * Rebuilds tuples from rows. Remembers the last owner host string it made and hands it out again for
   * the same bytes: the owners of a node's tuples often share a host (every simulated node's is the
   * same). One per store, confined like the store.
   */
  static final class Reader {
    private byte[] hostBytes = NO_BYTES;
    private String host;
    private int ipv4;
    private String ipv4Host;

    /**
     * The tuple stored in the row at {@code off}, rebuilt with new owner objects.
     *
     * @param key the row's item key if the caller has it (shared with the tuple), or null to decode it
     * @param publisher the row's publisher if the caller has it, or null to decode it
     */
    Tuple decode(byte[] data, int off, Key key, Key publisher) {
      if (key == null) {
        key = Key.fromBytes(data, off + KEY);
      }
      if (publisher == null) {
        publisher = Key.fromBytes(data, off + PUBLISHER);
      }
      int flags = data[off + FLAGS];
      int[] pos = {off + VARIABLE};
      int size = readVarInt(data, pos);
      int p = pos[0];
      int port = (data[p] & 0xff) << 8 | (data[p + 1] & 0xff);
      p += 2;
      String h;
      if ((flags & IPV4) != 0) {
        h = ipv4((int) INT.get(data, p));
        p += 4;
      } else {
        pos[0] = p;
        int n = readVarInt(data, pos);
        h = host(data, pos[0], n);
        p = pos[0] + n;
      }
      List<String> words = List.of();
      if ((flags & KEYWORDS) != 0) {
        pos[0] = p;
        int n = readVarInt(data, pos);
        List<String> w = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          w.add(readString(data, pos));
        }
        words = w;
      }
      return new Tuple(new Peer(publisher, new Address(h, port)), key, version(data, off), expires(data, off),
          (flags & TOMBSTONE) != 0, words, size, (flags & INLINE) != 0, null);
    }

    private String ipv4(int v) {
      if (ipv4Host == null || v != ipv4) {
        ipv4 = v;
        ipv4Host = (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
      }
      return ipv4Host;
    }

    private String host(byte[] data, int from, int n) {
      if (host == null || !Arrays.equals(data, from, from + n, hostBytes, 0, hostBytes.length)) {
        hostBytes = Arrays.copyOfRange(data, from, from + n);
        host = new String(hostBytes, StandardCharsets.UTF_8);
      }
      return host;
    }
  }

  /** Bytes taken by the row at {@code off}. */
  static int length(byte[] data, int off) {
    int flags = data[off + FLAGS];
    int[] pos = {off + VARIABLE};
    readVarInt(data, pos); // size
    pos[0] += 2; // port
    if ((flags & IPV4) != 0) {
      pos[0] += 4;
    } else {
      skipBytes(data, pos);
    }
    if ((flags & KEYWORDS) != 0) {
      int n = readVarInt(data, pos);
      for (int i = 0; i < n; i++) {
        skipBytes(data, pos);
      }
    }
    return pos[0] - off;
  }

  /** The version of the row at {@code off}. */
  static long version(byte[] data, int off) {
    return (long) LONG.get(data, off + VERSION);
  }

  /** The expiry of the row at {@code off}, in milliseconds on the node clock's epoch. */
  static long expires(byte[] data, int off) {
    return (long) LONG.get(data, off + EXPIRES);
  }

  /** True if the row at {@code off} is a tombstone. */
  static boolean tombstone(byte[] data, int off) {
    return (data[off + FLAGS] & TOMBSTONE) != 0;
  }

  /** True if the row at {@code off} has keywords. */
  static boolean hasKeywords(byte[] data, int off) {
    return (data[off + FLAGS] & KEYWORDS) != 0;
  }

  /**
   * Compares the item key of the row at {@code off} with {@code key} (20 bytes) as unsigned big-endian
   * numbers, eight bytes at a time.
   */
  static int compareKey(byte[] data, int off, byte[] key) {
    int c = Long.compareUnsigned((long) LONG.get(data, off + KEY), (long) LONG.get(key, 0));
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned((long) LONG.get(data, off + KEY + 8), (long) LONG.get(key, 8));
    if (c != 0) {
      return c;
    }
    return Integer.compareUnsigned((int) INT.get(data, off + KEY + 16), (int) INT.get(key, 16));
  }

  /** The top 64 bits of the item key of the row at {@code off} (as {@link Key#high64}). */
  static long keyHigh64(byte[] data, int off) {
    return (long) LONG.get(data, off + KEY);
  }

  /** The top 64 bits of the publisher id of the row at {@code off}. */
  static long publisherHigh64(byte[] data, int off) {
    return (long) LONG.get(data, off + PUBLISHER);
  }

  /**
   * The host as an unsigned 32-bit value if it is a dotted IPv4 literal that prints back exactly (four
   * decimal numbers 0 to 255 without leading zeros), otherwise -1: only then can 4 bytes stand for it.
   */
  static long parseIpv4(String host) {
    int n = host.length();
    if (n < 7 || n > 15) {
      return -1;
    }
    long value = 0;
    int part = 0;
    int digits = 0;
    int parts = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? host.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part > 255 || parts == 4) {
          return -1;
        }
        value = value << 8 | part;
        parts++;
        part = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && part == 0) {
          return -1; // a leading zero would not print back
        }
        part = part * 10 + (c - '0');
        digits++;
        if (digits > 3) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? value : -1;
  }

  private static int varIntSize(int v) {
    int n = 1;
    while ((v & ~0x7f) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int writeVarInt(byte[] out, int p, int v) {
    while ((v & ~0x7f) != 0) {
      out[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }

  private static int writeBytes(byte[] out, int p, byte[] b) {
    p = writeVarInt(out, p, b.length);
    System.arraycopy(b, 0, out, p, b.length);
    return p + b.length;
  }

  private static int readVarInt(byte[] data, int[] pos) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = data[pos[0]++];
      v |= (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  private static String readString(byte[] data, int[] pos) {
    int n = readVarInt(data, pos);
    String s = new String(data, pos[0], n, StandardCharsets.UTF_8);
    pos[0] += n;
    return s;
  }

  private static void skipBytes(byte[] data, int[] pos) {
    int n = readVarInt(data, pos);
    pos[0] += n;
  }
}
