package io.hopscotch.core.net;

import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;

/** Builds nodes that run on real networking. */
public final class NetworkNode {

  private NetworkNode() {
  }

  /** A node on Vert.x with the TLS transport. */
  public static Node create(NodeOptions options) {
    throw new UnsupportedOperationException("network transport is being built");
  }
}
