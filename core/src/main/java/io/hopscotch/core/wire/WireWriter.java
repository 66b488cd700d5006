package io.hopscotch.core.wire;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Appends big-endian primitives to a growable byte array. The counterpart of {@link WireReader}.
 * A writer made by {@link #counting()} only counts bytes, so message sizes can be known without
 * allocating (the simulator accounts traffic that way).
 */
public final class WireWriter {

  private byte[] buf;
  private int pos;
  private final boolean countOnly;

  private WireWriter(int capacity, boolean countOnly) {
    this.buf = countOnly ? null : new byte[Math.max(16, capacity)];
    this.countOnly = countOnly;
  }

  /** A writer with a small initial buffer. */
  public WireWriter() {
    this(64, false);
  }

  /** A writer with room for {@code capacity} bytes before it grows. */
  public static WireWriter withCapacity(int capacity) {
    return new WireWriter(capacity, false);
  }

  /** A writer that stores nothing and only counts the bytes written. */
  public static WireWriter counting() {
    return new WireWriter(0, true);
  }

  private void ensure(int n) {
    if (countOnly) {
      return;
    }
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  /** One byte. */
  public WireWriter writeByte(int v) {
    ensure(1);
    if (!countOnly) {
      buf[pos] = (byte) v;
    }
    pos++;
    return this;
  }

  /** A boolean as one byte, 0 or 1. */
  public WireWriter writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  /** Two bytes, big-endian. */
  public WireWriter writeShort(int v) {
    return writeByte(v >>> 8).writeByte(v);
  }

  /** Four bytes, big-endian. */
  public WireWriter writeInt(int v) {
    ensure(4);
    if (!countOnly) {
      buf[pos] = (byte) (v >>> 24);
      buf[pos + 1] = (byte) (v >>> 16);
      buf[pos + 2] = (byte) (v >>> 8);
      buf[pos + 3] = (byte) v;
    }
    pos += 4;
    return this;
  }

  /** Eight bytes, big-endian. */
  public WireWriter writeLong(long v) {
    return writeInt((int) (v >>> 32)).writeInt((int) v);
  }

  /** An unsigned variable-length integer (LEB128, 1 to 5 bytes); {@code v} must be non-negative. */
  public WireWriter writeVarInt(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("varint must be non-negative, got " + v);
    }
    while ((v & ~0x7f) != 0) {
      writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    return writeByte(v);
  }

  /** Raw bytes, without a length. */
  public WireWriter writeRaw(byte[] b) {
    return writeRaw(b, 0, b.length);
  }

  /** Raw bytes from a slice, without a length. */
  public WireWriter writeRaw(byte[] b, int off, int len) {
    ensure(len);
    if (!countOnly) {
      System.arraycopy(b, off, buf, pos, len);
    }
    pos += len;
    return this;
  }

  /** A varint length followed by the bytes. */
  public WireWriter writeBytes(byte[] b) {
    return writeVarInt(b.length).writeRaw(b);
  }

  /** A UTF-8 string with a varint length. */
  public WireWriter writeString(String s) {
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A 20-byte key. */
  public WireWriter writeKey(Key k) {
    ensure(Key.BYTES);
    if (!countOnly) {
      k.writeTo(buf, pos);
    }
    pos += Key.BYTES;
    return this;
  }

  /** Host string and 2-byte port. */
  public WireWriter writeAddress(Address a) {
    return writeString(a.host()).writeShort(a.port());
  }

  /** Key then address. */
  public WireWriter writePeer(Peer p) {
    return writeKey(p.id()).writeAddress(p.address());
  }

  /** A varint count followed by each element written by {@code each}. */
  public <T> WireWriter writeList(Collection<? extends T> items, BiConsumer<WireWriter, T> each) {
    writeVarInt(items.size());
    for (T t : items) {
      each.accept(this, t);
    }
    return this;
  }

  /** Number of bytes written so far. */
  public int size() {
    return pos;
  }

  /**
   * A copy of the bytes written.
   *
   * @throws IllegalStateException on a counting writer
   */
  public byte[] toByteArray() {
    if (countOnly) {
      throw new IllegalStateException("a counting writer keeps no bytes");
    }
    return Arrays.copyOf(buf, pos);
  }
}
