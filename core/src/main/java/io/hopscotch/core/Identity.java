package io.hopscotch.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A node's identity: an Ed25519 key pair. The node id is SHA-1 of the X.509
 * (SubjectPublicKeyInfo) encoding of the public key, the same bytes the node's TLS certificate
 * carries, so that either side of a connection can check the other's claimed id.
 *
 * <p>Files hold the 32-byte Ed25519 seed (the private key) and nothing else; {@link #save} writes them
 * readable by the owner only where the file system supports POSIX permissions.
 */
public final class Identity implements Signer {

  /** SubjectPublicKeyInfo prefix for an Ed25519 key (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  /** Length of an encoded public key: 12-byte prefix plus the 32-byte raw key. */
  public static final int PUBLIC_KEY_LENGTH = SPKI_PREFIX.length + Ed25519PublicKeyParameters.KEY_SIZE;

  static final Verifier VERIFIER = new Verifier() {
    @Override
    public boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
      if (publicKey == null || data == null || signature == null
          || publicKey.length != PUBLIC_KEY_LENGTH || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE
          || !Arrays.equals(publicKey, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
        return false;
      }
      try {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(publicKey, SPKI_PREFIX.length));
        v.update(data, 0, data.length);
        return v.verifySignature(signature);
      } catch (RuntimeException e) {
        return false; // a point not on the curve, for instance
      }
    }

    @Override
    public int publicKeyLength() {
      return PUBLIC_KEY_LENGTH;
    }
  };

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;
  private final Key id;

  private Identity(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = encodePublicKey(privateKey.generatePublicKey().getEncoded());
    this.id = Key.sha1(publicKey);
  }

  /** A fresh identity from a strong random source. */
  public static Identity generate() {
    return generate(new SecureRandom());
  }

  /** A fresh identity drawn from {@code random} (a seeded source gives reproducible ids in tests). */
  public static Identity generate(java.util.Random random) {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  /**
   * The identity with this 32-byte private seed.
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static Identity fromSeed(byte[] seed) {
    if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + (seed == null ? "null" : seed.length));
    }
    return new Identity(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /**
   * Loads an identity saved by {@link #save}.
   *
   * @throws IOException if the file cannot be read or does not hold exactly a 32-byte seed
   */
  public static Identity load(Path file) throws IOException {
    byte[] seed = Files.readAllBytes(file);
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IOException("identity file " + file + " must hold a 32-byte Ed25519 seed, it holds " + seed.length + " bytes");
    }
    return fromSeed(seed);
  }

  /**
   * Loads the identity in {@code file}, or generates one and saves it there if the file does not exist.
   *
   * @throws IOException if reading or writing fails
   */
  public static Identity loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return load(file);
    }
    Identity identity = generate();
    identity.save(file);
    return identity;
  }

  /**
   * Writes the private seed to {@code file} atomically, owner-readable only where supported.
   *
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".identity", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the directory's protection applies
      }
      Files.write(tmp, privateKey.getEncoded());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The SubjectPublicKeyInfo encoding of the public key (44 bytes). */
  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] rawPublicKey() {
    return Arrays.copyOfRange(publicKey, SPKI_PREFIX.length, publicKey.length);
  }

  /** The 32-byte private seed. Handle with care. */
  public byte[] privateSeed() {
    return privateKey.getEncoded();
  }

  @Override
  public Key id() {
    return id;
  }

  /** Ed25519 signature (64 bytes) of {@code data}. */
  @Override
  public byte[] sign(byte[] data) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, privateKey);
    s.update(data, 0, data.length);
    return s.generateSignature();
  }

  /** The node id that belongs to an encoded public key: SHA-1 of its bytes. */
  public static Key idOf(byte[] encodedPublicKey) {
    return Key.sha1(encodedPublicKey);
  }

  private static byte[] encodePublicKey(byte[] raw) {
    byte[] out = Arrays.copyOf(SPKI_PREFIX, PUBLIC_KEY_LENGTH);
    System.arraycopy(raw, 0, out, SPKI_PREFIX.length, raw.length);
    return out;
  }

  @Override
  public String toString() {
    return "Identity[" + id.toHex() + "]";
  }
}
