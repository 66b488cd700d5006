package io.hopscotch.search.flooding;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Random;

/**
 * The Gnutella descriptor header every flooded message carries: a 16-byte random id, the TTL (hops it
 * may still travel) and the hop count (times it has been forwarded so far). A node that receives a
 * descriptor with TTL t forwards it, if t &gt; 1, with TTL t - 1 and hops + 1, so hops + TTL stays the
 * TTL its origin gave it and a descriptor reaches nodes at most that many hops away.
 *
 * @param id the descriptor id
 * @param ttl hops it may still travel, 0 to 255 (a received descriptor with TTL 0 is dropped)
 * @param hops times it has been forwarded, 0 to 255
 */
public record Descriptor(Id id, int ttl, int hops) {

  /** Bytes on the wire: 16 id bytes, one TTL byte, one hops byte. */
  public static final int BYTES = 18;

  /**
   * A 16-byte descriptor id as two longs.
   *
   * @param hi the first eight bytes, big-endian
   * @param lo the last eight bytes, big-endian
   */
  public record Id(long hi, long lo) {

    /** A fresh random id from the node's seeded source. */
    public static Id random(Random r) {
      return new Id(r.nextLong(), r.nextLong());
    }

    @Override
    public String toString() {
      return String.format("%016x%016x", hi, lo);
    }
  }

  /** Validates the ranges. */
  public Descriptor {
    java.util.Objects.requireNonNull(id, "id");
    if (ttl < 0 || ttl > FloodingOptions.TTL_CEILING || hops < 0 || hops > FloodingOptions.TTL_CEILING) {
      throw new IllegalArgumentException("descriptor ttl and hops must be 0..255, got ttl=" + ttl + " hops=" + hops);
    }
  }

  /** A new descriptor with a random id, the given TTL and no hops yet. */
  public static Descriptor fresh(Random r, int ttl) {
    return new Descriptor(Id.random(r), ttl, 0);
  }

  /** True if a node that received this may forward it (its TTL is above 1). */
  public boolean forwardable() {
    return ttl > 1;
  }

  /**
   * The header to forward: TTL one less, hops one more.
   *
   * @throws IllegalStateException if the TTL does not allow another hop
   */
  public Descriptor next() {
    if (!forwardable()) {
      throw new IllegalStateException("descriptor " + id + " with ttl " + ttl + " may not be forwarded");
    }
    return new Descriptor(id, ttl - 1, Math.min(FloodingOptions.TTL_CEILING, hops + 1));
  }

  /** The same descriptor with its TTL lowered to {@code max} if above it. */
  public Descriptor clampTtl(int max) {
    return ttl <= max ? this : new Descriptor(id, max, hops);
  }

  /** Writes the header. */
  public void write(WireWriter out) {
    out.writeLong(id.hi).writeLong(id.lo).writeByte(ttl).writeByte(hops);
  }

  /**
   * Reads a header.
   *
   * @throws MalformedMessageException if truncated
   */
  public static Descriptor read(WireReader in) {
    long hi = in.readLong();
    long lo = in.readLong();
    return new Descriptor(new Id(hi, lo), in.readUnsignedByte(), in.readUnsignedByte());
  }
}
