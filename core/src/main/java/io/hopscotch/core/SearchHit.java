package io.hopscotch.core;

import java.util.List;

/**
 * One item found by keyword search.
 *
 * @param key the item's key (fetch its value with {@code Node.get})
 * @param keywords the item's keywords
 * @param holders nodes known to hold it (empty if the strategy stores by key and {@code get} finds it)
 * @param size value size in bytes, or -1 if unknown
 * @param hops overlay hops from the searcher to the node that reported the hit
 */
public record SearchHit(Key key, List<String> keywords, List<Peer> holders, long size, int hops) {

  /** Copies the lists. */
  public SearchHit {
    keywords = List.copyOf(keywords);
    holders = List.copyOf(holders);
  }
}
