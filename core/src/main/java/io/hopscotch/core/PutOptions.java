package io.hopscotch.core;

import java.time.Duration;
import java.util.List;

/**
 * Options of one {@code put}: keywords to be found by, and a lifetime.
 * Defaults: no keywords, the node's {@link NodeOptions#getRecordTtl() record TTL}.
 */
public final class PutOptions {

  private List<String> keywords = List.of();
  private Duration ttl;

  /** Default options. */
  public PutOptions() {
  }

  /** Keywords, normalised to lower case. */
  public List<String> getKeywords() {
    return keywords;
  }

  /**
   * Sets the keywords.
   *
   * @throws IllegalArgumentException if there are too many or one is too long
   */
  public PutOptions setKeywords(List<String> keywords) {
    this.keywords = Record.normalise(keywords);
    return this;
  }

  /** The lifetime, or null for the node's default. */
  public Duration getTtl() {
    return ttl;
  }

  /**
   * Sets the lifetime.
   *
   * @throws IllegalArgumentException if not positive
   */
  public PutOptions setTtl(Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    this.ttl = ttl;
    return this;
  }
}
