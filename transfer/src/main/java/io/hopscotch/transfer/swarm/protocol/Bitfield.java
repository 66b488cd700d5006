package io.hopscotch.transfer.swarm.protocol;

import java.util.BitSet;

/**
 * Which pieces a peer has: a fixed-size set of piece indexes with the BEP 3 wire form (high bit of the
 * first byte is piece 0; spare bits at the end must be zero). Mutable; not shared between threads.
 */
public final class Bitfield {

  private final int size;
  private final BitSet bits;

  /** An empty bitfield of {@code size} pieces. */
  public Bitfield(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    this.size = size;
    this.bits = new BitSet(size);
  }

  /**
   * Decodes the wire form for {@code size} pieces.
   *
   * @throws IllegalArgumentException if the length is not ceil(size / 8) bytes or a spare bit is set
   */
  public static Bitfield fromBytes(byte[] data, int size) {
    int expected = (size + 7) / 8;
    if (data.length != expected) {
      throw new IllegalArgumentException("bitfield of " + data.length + " bytes for " + size + " pieces (expected " + expected + ")");
    }
    Bitfield b = new Bitfield(size);
    for (int i = 0; i < data.length * 8; i++) {
      if ((data[i >> 3] & (0x80 >>> (i & 7))) != 0) {
        if (i >= size) {
          throw new IllegalArgumentException("bitfield sets spare bit " + i + " beyond the " + size + " pieces");
        }
        b.bits.set(i);
      }
    }
    return b;
  }

  /** The wire form. */
  public byte[] toBytes() {
    byte[] out = new byte[(size + 7) / 8];
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      out[i >> 3] |= (byte) (0x80 >>> (i & 7));
    }
    return out;
  }

  /** Number of pieces. */
  public int size() {
    return size;
  }

  /** True if piece {@code i} is set. */
  public boolean get(int i) {
    java.util.Objects.checkIndex(i, size);
    return bits.get(i);
  }

  /** Sets piece {@code i}. */
  public void set(int i) {
    java.util.Objects.checkIndex(i, size);
    bits.set(i);
  }

  /** Clears piece {@code i}. */
  public void clear(int i) {
    java.util.Objects.checkIndex(i, size);
    bits.clear(i);
  }

  /** Number of pieces set. */
  public int cardinality() {
    return bits.cardinality();
  }

  /** True if every piece is set. */
  public boolean complete() {
    return bits.cardinality() == size;
  }

  /** Next set index at or after {@code from}, or -1. */
  public int nextSet(int from) {
    return bits.nextSetBit(from);
  }

  /** True if this has some piece that {@code other} lacks. */
  public boolean hasAnyMissingFrom(Bitfield other) {
    BitSet b = (BitSet) bits.clone();
    b.andNot(other.bits);
    return !b.isEmpty();
  }

  /** A copy. */
  public Bitfield copy() {
    Bitfield b = new Bitfield(size);
    b.bits.or(bits);
    return b;
  }

  /** A bitfield with every piece set. */
  public static Bitfield full(int size) {
    Bitfield b = new Bitfield(size);
    b.bits.set(0, size);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bitfield b && b.size == size && b.bits.equals(bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    return "Bitfield[" + cardinality() + "/" + size + "]";
  }
}
