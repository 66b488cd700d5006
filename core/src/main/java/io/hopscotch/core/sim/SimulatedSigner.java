package io.hopscotch.core.sim;

import io.hopscotch.core.Key;
import io.hopscotch.core.Signer;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A cheap, deterministic stand-in for a node's Ed25519 identity inside the simulator.
 *
 * <p><b>This is NOT secure and must never be used on a real network.</b> The "signature" is a 64-bit
 * keyed hash of (public key, data) that anyone who knows the public key can compute. The simulator
 * measures routing, not cryptography; signing with real Ed25519 would dominate the run time of large
 * simulations. It still behaves like a signature scheme for everything a strategy can observe: the node
 * id is SHA-1 of the 32-byte public key, and {@link SimulatedVerifier} rejects any signature that does
 * not match the data and key, so tests of tampered or mis-attributed records work in the simulator.
 */
public final class SimulatedSigner implements Signer {

  /** Length of a simulated public key, in bytes. */
  public static final int PUBLIC_KEY_BYTES = 32;
  /** Length of a simulated signature, in bytes. */
  public static final int SIGNATURE_BYTES = 8;

  private final byte[] publicKey;
  private final long[] keyWords;
  private final Key id;

  /**
   * A signer with the given public key.
   *
   * @throws IllegalArgumentException if the key is not {@value #PUBLIC_KEY_BYTES} bytes
   */
  public SimulatedSigner(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("a simulated public key is " + PUBLIC_KEY_BYTES + " bytes, got " + publicKey.length);
    }
    this.publicKey = publicKey.clone();
    this.keyWords = words(this.publicKey);
    this.id = Key.sha1(this.publicKey);
  }

  /** The signer of node {@code index} in a simulation seeded with {@code seed}: the same inputs give the same key. */
  public static SimulatedSigner of(long seed, int index) {
    SplittableRandom r = new SplittableRandom(Mixing.hash(seed, index, 0x5167L));
    byte[] key = new byte[PUBLIC_KEY_BYTES];
    r.nextBytes(key);
    return new SimulatedSigner(key);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public Key id() {
    return id;
  }

  /** The 8-byte keyed hash of {@code data} under this public key (see the class comment: not secure). */
  @Override
  public byte[] sign(byte[] data) {
    return toBytes(hash(keyWords, data));
  }

  /** The signature a simulated key would give {@code data}; {@code publicKey} must be 32 bytes. */
  static byte[] signatureOf(byte[] publicKey, byte[] data) {
    return toBytes(hash(words(publicKey), data));
  }

  private static long[] words(byte[] key) {
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = readLong(key, 8 * i);
    }
    return w;
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  private static long hash(long[] k, byte[] data) {
    long h = Mixing.mix64(k[0] ^ data.length);
    int i = 0;
    int n = data.length;
    for (; i + 8 <= n; i += 8) {
      h = Mixing.mix64(h ^ readLong(data, i) ^ k[(i >>> 3) & 3]) + k[((i >>> 3) + 1) & 3];
    }
    long tail = 0;
    for (; i < n; i++) {
      tail = (tail << 8) | (data[i] & 0xff);
    }
    h = Mixing.mix64(h ^ tail ^ k[1]);
    return Mixing.mix64(h + k[2]) ^ k[3];
  }

  private static byte[] toBytes(long v) {
    byte[] out = new byte[SIGNATURE_BYTES];
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) v;
      v >>>= 8;
    }
    return out;
  }

  @Override
  public String toString() {
    return "SimulatedSigner[" + id.toHex() + "]";
  }
}
