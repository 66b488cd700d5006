package io.hopscotch.core.spi;

import io.hopscotch.core.HopscotchException;

/** The peer could not be reached: connection refused or reset, unknown host, firewalled, or crashed. */
public final class PeerUnreachableException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** With a message that names the peer and the reason. */
  public PeerUnreachableException(String message) {
    super(message);
  }

  /** With a message that names the peer and the reason, and the cause. */
  public PeerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
