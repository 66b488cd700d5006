package io.hopscotch.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable 160-bit identifier: a node id or the key of a stored item.
 *
 * <p>Keys live on the ring of integers modulo 2<sup>160</sup>. This class carries the arithmetic every
 * routing strategy needs: ring addition and clockwise distance with interval tests (Chord), digits in
 * base 2<sup>b</sup> and shared-prefix length (Pastry), absolute numeric distance (leaf sets), and
 * reduction modulo a small integer (Kelips affinity groups). Keys compare as unsigned big-endian
 * integers.
 *
 * <p>The value is held as five 32-bit words so that ring arithmetic on millions of simulated nodes
 * allocates little; conversion to {@link BigInteger} is available for the rare general case.
 */
public final class Key implements Comparable<Key> {

  /** Number of bits in a key. */
  public static final int BITS = 160;
  /** Number of bytes in a key. */
  public static final int BYTES = BITS / 8;

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(BITS);
  private static final HexFormat HEX = HexFormat.of();

  /** The key 0. */
  public static final Key ZERO = new Key(new int[5]);
  /** The key 2<sup>160</sup> − 1, the largest key. */
  public static final Key MAX = new Key(new int[] {-1, -1, -1, -1, -1});

  // Big-endian: w[0] holds the most significant 32 bits.
  private final int[] w;
  private final int hash;

  private Key(int[] words) {
    this.w = words;
    this.hash = Arrays.hashCode(words);
  }

  /**
   * Makes a key from exactly 20 big-endian bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 20 bytes long
   */
  public static Key fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a key is " + BYTES + " bytes, got " + bytes.length);
    }
    return fromBytes(bytes, 0);
  }

  /** Makes a key from 20 big-endian bytes starting at {@code offset}. */
  public static Key fromBytes(byte[] bytes, int offset) {
    Objects.checkFromIndexSize(offset, BYTES, bytes.length);
    int[] words = new int[5];
    for (int i = 0; i < 5; i++) {
      int o = offset + 4 * i;
      words[i] = (bytes[o] & 0xff) << 24 | (bytes[o + 1] & 0xff) << 16 | (bytes[o + 2] & 0xff) << 8 | (bytes[o + 3] & 0xff);
    }
    return new Key(words);
  }

  /** The key whose value is SHA-1 of {@code data}. */
  public static Key sha1(byte[] data) {
    return fromBytes(sha1Digest().digest(data));
  }

  /** The key whose value is SHA-1 of the UTF-8 encoding of {@code name}. */
  public static Key sha1(String name) {
    return sha1(name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses 40 hexadecimal digits.
   *
   * @throws IllegalArgumentException if {@code hex} is not 40 hex digits
   */
  public static Key fromHex(String hex) {
    if (hex == null || hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("a key is " + (2 * BYTES) + " hex digits, got " + (hex == null ? "null" : "'" + hex + "'"));
    }
    try {
      return fromBytes(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex key: '" + hex + "'", e);
    }
  }

  /**
   * Converts an integer in [0, 2<sup>160</sup>) to a key.
   *
   * @throws IllegalArgumentException if {@code value} is negative or too large
   */
  public static Key fromBigInteger(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > BITS) {
      throw new IllegalArgumentException("value out of the 160-bit range: " + value);
    }
    int[] words = new int[5];
    BigInteger v = value;
    for (int i = 4; i >= 0; i--) {
      words[i] = v.intValue();
      v = v.shiftRight(32);
    }
    return new Key(words);
  }

  /** The key 2<sup>i</sup> for 0 ≤ i &lt; 160. */
  public static Key powerOfTwo(int i) {
    Objects.checkIndex(i, BITS);
    int[] words = new int[5];
    words[4 - i / 32] = 1 << (i % 32);
    return new Key(words);
  }

  /** SHA-1 digest instance; SHA-1 is mandatory on every JDK. */
  public static MessageDigest sha1Digest() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  /** The 20 big-endian bytes of this key (a fresh copy). */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    writeTo(out, 0);
    return out;
  }

  /** Writes the 20 big-endian bytes of this key at {@code offset}. */
  public void writeTo(byte[] out, int offset) {
    for (int i = 0; i < 5; i++) {
      int v = w[i];
      int o = offset + 4 * i;
      out[o] = (byte) (v >>> 24);
      out[o + 1] = (byte) (v >>> 16);
      out[o + 2] = (byte) (v >>> 8);
      out[o + 3] = (byte) v;
    }
  }

  /** This key as a non-negative integer. */
  public BigInteger toBigInteger() {
    return new BigInteger(1, toBytes());
  }

  /** 40 lower-case hex digits. */
  public String toHex() {
    return HEX.formatHex(toBytes());
  }

  /** The first {@code n} hex digits, for logs. */
  public String shortHex(int n) {
    return toHex().substring(0, Math.min(n, 2 * BYTES));
  }

  // ---- ring arithmetic (mod 2^160) ----

  /** (this + other) mod 2<sup>160</sup>. */
  public Key add(Key other) {
    int[] r = new int[5];
    long carry = 0;
    for (int i = 4; i >= 0; i--) {
      long s = (w[i] & 0xffffffffL) + (other.w[i] & 0xffffffffL) + carry;
      r[i] = (int) s;
      carry = s >>> 32;
    }
    return new Key(r);
  }

  /** (this − other) mod 2<sup>160</sup>. */
  public Key subtract(Key other) {
    int[] r = new int[5];
    long borrow = 0;
    for (int i = 4; i >= 0; i--) {
      long d = (w[i] & 0xffffffffL) - (other.w[i] & 0xffffffffL) - borrow;
      r[i] = (int) d;
      borrow = d < 0 ? 1 : 0;
    }
    return new Key(r);
  }

  /** (this + 2<sup>i</sup>) mod 2<sup>160</sup>: the start of Chord finger i. */
  public Key addPowerOfTwo(int i) {
    return add(powerOfTwo(i));
  }

  /** Clockwise distance from this key to {@code to}: (to − this) mod 2<sup>160</sup>. */
  public Key clockwiseDistance(Key to) {
    return to.subtract(this);
  }

  /**
   * Absolute numeric distance on the ring: the shorter of the clockwise and counter-clockwise
   * distances (what Pastry's "numerically closest" means on a circular id space).
   */
  public Key ringDistance(Key other) {
    Key a = clockwiseDistance(other);
    Key b = other.clockwiseDistance(this);
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** True if this key lies in the open ring interval (from, to). When from == to it is the whole ring but from. */
  public boolean inOpen(Key from, Key to) {
    if (from.equals(to)) {
      return !equals(from);
    }
    Key d = from.clockwiseDistance(this);
    return !d.isZero() && d.compareTo(from.clockwiseDistance(to)) < 0;
  }

  /** True if this key lies in the half-open ring interval (from, to]. When from == to it is the whole ring. */
  public boolean inOpenClosed(Key from, Key to) {
    if (from.equals(to)) {
      return true;
    }
    Key d = from.clockwiseDistance(this);
    return !d.isZero() && d.compareTo(from.clockwiseDistance(to)) <= 0;
  }

  /** True if this key lies in the half-open ring interval [from, to). When from == to it is the whole ring. */
  public boolean inClosedOpen(Key from, Key to) {
    if (from.equals(to)) {
      return true;
    }
    return from.clockwiseDistance(this).compareTo(from.clockwiseDistance(to)) < 0;
  }

  /** True if this is the key 0. */
  public boolean isZero() {
    return (w[0] | w[1] | w[2] | w[3] | w[4]) == 0;
  }

  // ---- digits (Pastry) ----

  /**
   * The {@code index}-th digit of base 2<sup>b</sup>, counting from the most significant.
   *
   * @param b bits per digit, 1 to 8 and a divisor of 160 (1, 2, 4, 5 or 8)
   * @throws IllegalArgumentException if {@code b} does not divide 160 or is out of range
   */
  public int digit(int index, int b) {
    checkDigitBits(b);
    Objects.checkIndex(index, BITS / b);
    int bit = index * b; // offset from the most significant bit
    int word = bit / 32;
    int shift = 32 - (bit % 32) - b;
    if (shift >= 0) {
      return (w[word] >>> shift) & ((1 << b) - 1);
    }
    // the digit straddles two words
    long two = ((w[word] & 0xffffffffL) << 32) | (w[word + 1] & 0xffffffffL);
    return (int) ((two >>> (32 + shift)) & ((1 << b) - 1));
  }

  /** Number of base-2<sup>b</sup> digits in a key (160 / b). */
  public static int digits(int b) {
    checkDigitBits(b);
    return BITS / b;
  }

  /** The length, in base-2<sup>b</sup> digits, of the prefix this key shares with {@code other}. */
  public int sharedPrefixDigits(Key other, int b) {
    checkDigitBits(b);
    return sharedPrefixBits(other) / b;
  }

  /** The number of leading bits this key shares with {@code other} (160 if equal). */
  public int sharedPrefixBits(Key other) {
    for (int i = 0; i < 5; i++) {
      int x = w[i] ^ other.w[i];
      if (x != 0) {
        return 32 * i + Integer.numberOfLeadingZeros(x);
      }
    }
    return BITS;
  }

  private static void checkDigitBits(int b) {
    if (b < 1 || b > 8 || BITS % b != 0) {
      throw new IllegalArgumentException("bits per digit must divide 160 and be 1..8, got " + b);
    }
  }

  // ---- modulo (Kelips) ----

  /**
   * This key modulo {@code k}.
   *
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  public int mod(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("modulus must be positive, got " + k);
    }
    long r = 0;
    for (int i = 0; i < 5; i++) {
      r = ((r << 32) | (w[i] & 0xffffffffL)) % k;
    }
    return (int) r;
  }

  /** The top 64 bits, handy for cheap hashing and for plotting ids on a line. */
  public long high64() {
    return ((long) w[0] << 32) | (w[1] & 0xffffffffL);
  }

  /** This key as a fraction of the ring, in [0, 1). */
  public double ringFraction() {
    return (high64() >>> 11) * 0x1.0p-53;
  }

  @Override
  public int compareTo(Key o) {
    for (int i = 0; i < 5; i++) {
      int c = Integer.compareUnsigned(w[i], o.w[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && hash == k.hash && Arrays.equals(w, k.w);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The hex form, shortened to 8 digits. */
  @Override
  public String toString() {
    return shortHex(8);
  }
}
