package io.hopscotch.core.spi;

import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import java.util.List;

/**
 * What a strategy's lookup found: the records under the key (tombstones included; the node filters
 * and verifies them), the peers that answered, and the path taken.
 *
 * @param records the records found, possibly empty (the key is unknown)
 * @param hops overlay nodes contacted after the origin until the one that answered; for iterative
 *     lookups the number of remote queries
 * @param path the nodes visited in order, ending with the one that answered (may be empty when
 *     answered locally)
 */
public record Lookup(List<Record> records, int hops, List<Peer> path) {

  /** Copies the lists. */
  public Lookup {
    records = List.copyOf(records);
    path = List.copyOf(path);
    if (hops < 0) {
      throw new IllegalArgumentException("hops must be >= 0, got " + hops);
    }
  }
}
