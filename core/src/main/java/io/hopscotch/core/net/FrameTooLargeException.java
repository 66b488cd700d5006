package io.hopscotch.core.net;

import io.hopscotch.core.HopscotchException;

/** An outgoing message does not fit in one frame of the configured maximum size; nothing was sent. */
public final class FrameTooLargeException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the message type, its size and the limit. */
  public FrameTooLargeException(String message) {
    super(message);
  }
}
