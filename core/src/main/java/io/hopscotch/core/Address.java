package io.hopscotch.core;

import java.util.Objects;

/**
 * A network address where a node accepts connections: a host name or literal and a TCP port.
 * Simulated nodes use the host {@code "sim"} and their index as the port.
 *
 * @param host host name or IP literal, never empty
 * @param port TCP port, 0 to 65535
 */
public record Address(String host, int port) {

  /** Validates the components. */
  public Address {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("address host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  /** Shorthand for the constructor. */
  public static Address of(String host, int port) {
    return new Address(host, port);
  }

  /**
   * Parses {@code host:port}, {@code [v6]:port} or {@code v6literal:port}.
   *
   * @throws IllegalArgumentException with the offending text if it does not parse
   */
  public static Address parse(String text) {
    Objects.requireNonNull(text, "address");
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + text + "'", e);
    }
    try {
      return new Address(host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad address '" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
