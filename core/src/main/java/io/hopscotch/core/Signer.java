package io.hopscotch.core;

/**
 * Something that signs on behalf of one node: its {@link Identity} on real networks, or a cheap
 * deterministic stand-in inside the simulator.
 */
public interface Signer {

  /** The public key, in the encoding that {@link Verifier#verify} expects; a node's id is SHA-1 of it. */
  byte[] publicKey();

  /** The node id: SHA-1 of {@link #publicKey()}. */
  Key id();

  /** Signs {@code data} and returns the signature. */
  byte[] sign(byte[] data);
}
