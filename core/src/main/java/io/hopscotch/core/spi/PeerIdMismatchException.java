package io.hopscotch.core.spi;

import io.hopscotch.core.HopscotchException;

/** The node at an address proved an id other than the one the caller expected. */
public final class PeerIdMismatchException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** With a message that names the peer and the reason. */
  public PeerIdMismatchException(String message) {
    super(message);
  }

  /** With a message that names the peer and the reason, and the cause. */
  public PeerIdMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
