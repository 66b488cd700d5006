package io.hopscotch.transfer.swarm.session;

/**
 * Where a swarm peer accepts peer wire connections.
 *
 * @param host host name or IP literal
 * @param port TCP port, 1..65535
 */
public record PeerAddress(String host, int port) {

  /** Checks the components. */
  public PeerAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("peer host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("peer port must be in 1..65535, got " + port);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
