package io.hopscotch.search.flooding;

import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.Message;

/**
 * Observes every flooded message a node sends (pings, pongs, queries, query hits, pushes) and the
 * first sighting of every query, ping and push it receives, for tests and measuring tools. Called on the node's event loop; must not block or send.
 */
@FunctionalInterface
public interface DescriptorTrace {

  /**
   * A flooded message left {@code from} for {@code to}.
   *
   * @param from the sending node
   * @param to the neighbour it went to
   * @param message the message, starting with its descriptor
   */
  void sent(Peer from, Peer to, Message message);

  /**
   * Node {@code at} saw a flooded query, ping or push for the first time, from neighbour {@code from}:
   * its answers will be routed back to {@code from}. Default: nothing.
   */
  default void accepted(Peer at, Peer from, Message message) {
  }
}
