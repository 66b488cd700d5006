package io.hopscotch.transfer.swarm.bencode;

/** Malformed or unexpected bencoded data; the message names what is wrong and where. */
public final class BencodeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** An error with a precise message. */
  public BencodeException(String message) {
    super(message);
  }
}
