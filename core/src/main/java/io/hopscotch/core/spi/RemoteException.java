package io.hopscotch.core.spi;

import io.hopscotch.core.HopscotchException;

/** The remote node received the request but its handler failed; the message is the remote reason. */
public final class RemoteException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** With a message that names the peer and the reason. */
  public RemoteException(String message) {
    super(message);
  }

  /** With a message that names the peer and the reason, and the cause. */
  public RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
