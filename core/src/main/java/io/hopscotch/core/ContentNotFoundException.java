package io.hopscotch.core;

/** A fetch by content id found no peer in the overlay that announces the content. */
public class ContentNotFoundException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** A failure with a message naming the content id. */
  public ContentNotFoundException(String message) {
    super(message);
  }
}
