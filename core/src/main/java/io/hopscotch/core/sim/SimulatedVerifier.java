package io.hopscotch.core.sim;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Verifier;
import java.security.MessageDigest;

/**
 * Checks signatures made by {@link SimulatedSigner}: recomputes the keyed hash and compares, so a
 * signature over other data or under another key is rejected. <b>Not secure</b> (see
 * {@link SimulatedSigner}). A real Ed25519 key (a node given an {@link Identity} in its options) is
 * checked with the Ed25519 verifier, so simulated and real identities can share one simulation.
 */
public final class SimulatedVerifier implements Verifier {

  /** The only instance; it holds no state. */
  public static final SimulatedVerifier INSTANCE = new SimulatedVerifier();

  private SimulatedVerifier() {
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
    if (publicKey == null || data == null || signature == null) {
      return false;
    }
    if (publicKey.length == Identity.PUBLIC_KEY_LENGTH) {
      return Verifier.ed25519().verify(publicKey, data, signature);
    }
    if (publicKey.length != SimulatedSigner.PUBLIC_KEY_BYTES || signature.length != SimulatedSigner.SIGNATURE_BYTES) {
      return false;
    }
    return MessageDigest.isEqual(SimulatedSigner.signatureOf(publicKey, data), signature);
  }

  /** {@value SimulatedSigner#PUBLIC_KEY_BYTES}: the length of a simulated key. */
  @Override
  public int publicKeyLength() {
    return SimulatedSigner.PUBLIC_KEY_BYTES;
  }
}
