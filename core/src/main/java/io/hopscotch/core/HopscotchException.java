package io.hopscotch.core;

/** Base class of the failures Hopscotch reports through failed futures. */
public class HopscotchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with a precise message. */
  public HopscotchException(String message) {
    super(message);
  }

  /** A failure with a precise message and a cause. */
  public HopscotchException(String message, Throwable cause) {
    super(message, cause);
  }
}
