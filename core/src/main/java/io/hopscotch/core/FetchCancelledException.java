package io.hopscotch.core;

/** A fetch was {@link Download#cancel() cancelled} before it completed. */
public class FetchCancelledException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** A cancellation with a message naming the content. */
  public FetchCancelledException(String message) {
    super(message);
  }
}
