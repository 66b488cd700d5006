package io.hopscotch.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@code Node.get}: every live, verified record under the key (one per publisher),
 * and how the lookup went.
 *
 * @param key the key looked up
 * @param records live records, tombstones and expired ones removed, each signature verified
 * @param hops overlay hops (see {@link io.hopscotch.core.spi.Lookup#hops()})
 * @param path the nodes visited
 * @param latencyNanos time from the call to the result, on the node's clock
 */
public record GetResult(Key key, List<Record> records, int hops, List<Peer> path, long latencyNanos) {

  /** Copies the lists. */
  public GetResult {
    records = List.copyOf(records);
    path = List.copyOf(path);
  }

  /** True if at least one live record was found. */
  public boolean found() {
    return !records.isEmpty();
  }

  /** The record with the highest version (ties broken by expiry), if any. */
  public Optional<Record> newest() {
    return records.stream().max(Comparator.comparingLong(Record::version).thenComparingLong(Record::expiresAtMillis));
  }

  /** The newest record's value, if any. */
  public Optional<byte[]> value() {
    return newest().map(Record::value);
  }

  /** The newest record's value as UTF-8 text, if any. */
  public Optional<String> valueAsString() {
    return newest().map(Record::valueAsString);
  }
}
