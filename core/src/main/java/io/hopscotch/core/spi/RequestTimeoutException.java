package io.hopscotch.core.spi;

import io.hopscotch.core.HopscotchException;

/** No response arrived within the request timeout. */
public final class RequestTimeoutException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** With a message that names the peer and the reason. */
  public RequestTimeoutException(String message) {
    super(message);
  }

  /** With a message that names the peer and the reason, and the cause. */
  public RequestTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
