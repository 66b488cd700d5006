package io.hopscotch.core.conformance;

import io.hopscotch.core.Node;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/** A cluster of nodes the kit drives: simulated or on real loopback TLS. */
public interface TestCluster extends AutoCloseable {

  /** Live nodes in join order. */
  List<Node> nodes();

  /** Creates, starts and joins one more node, configured by the profile. */
  Node addNode();

  /** Stops a node abruptly: it sends nothing more. */
  void crash(Node node);

  /** Leaves gracefully, then closes the node. */
  void leave(Node node);

  /** Waits for a future (in the simulator: runs virtual time until it completes). */
  <T> T await(Future<T> future);

  /** Lets maintenance run for {@code d}: virtual time in the simulator, real time on the network. */
  void settle(Duration d);

  /** The event-trace hash of a simulated run; null on real networks. */
  Long traceHash();

  /** Closes every node. */
  @Override
  void close();
}
