package io.hopscotch.core.wire;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads what a {@link WireWriter} wrote, checking every length against what is left and against
 * explicit limits. Any violation throws {@link MalformedMessageException} with the position, so a
 * hostile frame can never make a decoder allocate more than the frame itself or loop forever.
 */
public final class WireReader {

  private final byte[] buf;
  private final int end;
  private int pos;

  /** Reads all of {@code bytes}. */
  public WireReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** Reads {@code bytes[offset, offset+length)}. */
  public WireReader(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException("slice out of range");
    }
    this.buf = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(int n, String what) {
    if (n < 0 || end - pos < n) {
      throw new MalformedMessageException("truncated: " + what + " needs " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
    }
  }

  /** Bytes not yet read. */
  public int remaining() {
    return end - pos;
  }

  /** One unsigned byte. */
  public int readUnsignedByte() {
    need(1, "byte");
    return buf[pos++] & 0xff;
  }

  /** A boolean written as 0 or 1; anything else is malformed. */
  public boolean readBoolean() {
    int b = readUnsignedByte();
    if (b > 1) {
      throw new MalformedMessageException("boolean must be 0 or 1, got " + b + " at offset " + (pos - 1));
    }
    return b == 1;
  }

  /** Two bytes, unsigned. */
  public int readUnsignedShort() {
    need(2, "short");
    int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  /** Four bytes. */
  public int readInt() {
    need(4, "int");
    int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** Eight bytes. */
  public long readLong() {
    return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
  }

  /** An unsigned LEB128 varint of at most 5 bytes that fits a non-negative int. */
  public int readVarInt() {
    int start = pos;
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readUnsignedByte();
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0 || (shift == 28 && b > 0x07)) {
          throw new MalformedMessageException("varint overflows an int at offset " + start);
        }
        return v;
      }
    }
    throw new MalformedMessageException("varint longer than 5 bytes at offset " + start);
  }

  /** A varint in [0, max]. */
  public int readVarInt(int max, String what) {
    int start = pos;
    int v = readVarInt();
    if (v > max) {
      throw new MalformedMessageException(what + " " + v + " exceeds the limit " + max + " at offset " + start);
    }
    return v;
  }

  /** Exactly {@code n} raw bytes. */
  public byte[] readRaw(int n) {
    need(n, "raw bytes");
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** A varint-length byte string of at most {@code max} bytes. */
  public byte[] readBytes(int max) {
    int n = readVarInt(max, "byte string length");
    return readRaw(n);
  }

  /** A varint-length UTF-8 string of at most {@code maxBytes} bytes; invalid UTF-8 is malformed. */
  public String readString(int maxBytes) {
    int n = readVarInt(maxBytes, "string length");
    need(n, "string");
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(buf, pos, n))
          .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("invalid UTF-8 at offset " + pos, e);
    }
  }

  /** A 20-byte key. */
  public Key readKey() {
    need(Key.BYTES, "key");
    Key k = Key.fromBytes(buf, pos);
    pos += Key.BYTES;
    return k;
  }

  /** An address: host (at most 255 bytes) and port. */
  public Address readAddress() {
    String host = readString(255);
    int port = readUnsignedShort();
    try {
      return new Address(host, port);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("bad address: " + e.getMessage());
    }
  }

  /** A peer: key then address. */
  public Peer readPeer() {
    return new Peer(readKey(), readAddress());
  }

  /** A varint count (at most {@code maxCount}) followed by that many elements. */
  public <T> List<T> readList(int maxCount, Function<WireReader, T> each) {
    int n = readVarInt(maxCount, "list length");
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      out.add(each.apply(this));
    }
    return out;
  }

  /**
   * Checks that every byte was consumed.
   *
   * @throws MalformedMessageException if bytes are left over
   */
  public void expectEnd(String what) {
    if (pos != end) {
      throw new MalformedMessageException(what + ": " + (end - pos) + " trailing bytes");
    }
  }
}
