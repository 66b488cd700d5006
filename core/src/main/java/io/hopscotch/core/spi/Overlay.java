package io.hopscotch.core.spi;

import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.vertx.core.Future;
import java.util.List;

/**
 * The node's routing, as a transfer strategy sees it: it stores signed records through whatever
 * routing strategy the node runs and finds them again (a swarm announces itself under the info-hash).
 */
public interface Overlay {

  /**
   * Signs and stores a record of this node under {@code key}.
   *
   * @param ttlMillis lifetime from now
   */
  Future<Void> put(Key key, byte[] value, List<String> keywords, long ttlMillis);

  /** Every live, verified record under {@code key}. */
  Future<List<Record>> get(Key key);
}
