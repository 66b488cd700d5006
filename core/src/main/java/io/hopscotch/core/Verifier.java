package io.hopscotch.core;

/** Checks signatures made by a {@link Signer} of the same scheme. */
public interface Verifier {

  /**
   * True if {@code signature} is a valid signature of {@code data} by the holder of {@code publicKey}.
   * Never throws on malformed keys or signatures: those are simply invalid.
   */
  boolean verify(byte[] publicKey, byte[] data, byte[] signature);

  /** Length in bytes of a public key of this scheme. */
  int publicKeyLength();

  /** The Ed25519 verifier used on real networks. */
  static Verifier ed25519() {
    return Identity.VERIFIER;
  }
}
