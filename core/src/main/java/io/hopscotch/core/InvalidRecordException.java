package io.hopscotch.core;

/** A record was refused: bad signature, wrong publisher, expired, too large or malformed. The message says which. */
public final class InvalidRecordException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** A refusal with its reason. */
  public InvalidRecordException(String message) {
    super(message);
  }
}
