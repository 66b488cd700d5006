package io.hopscotch.core.wire;

/**
 * Thrown by decoders when bytes do not form a valid message: truncated, oversized, an unknown type,
 * a bad length or a value out of range. The message says which and where. Receivers close the
 * offending connection and keep serving everyone else.
 */
public final class MalformedMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A decoding failure with a precise reason. */
  public MalformedMessageException(String message) {
    super(message);
  }

  /** A decoding failure with a precise reason and its cause. */
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
