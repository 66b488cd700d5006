package io.hopscotch.core;

import java.util.Objects;

/**
 * A contact: another node's id and the address where it accepts connections.
 *
 * <p>The id is SHA-1 of the node's Ed25519 public key; the network transport checks it against the
 * certificate the peer presents, so a {@code Peer} received from a third party cannot be used to
 * impersonate anyone. Equality is by id and address.
 *
 * @param id the node id
 * @param address where it listens (for a firewalled node, the address it would listen on)
 */
public record Peer(Key id, Address address) {

  /** Validates the components. */
  public Peer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }

  /** Shorthand for the constructor. */
  public static Peer of(Key id, Address address) {
    return new Peer(id, address);
  }

  /** {@code id@host:port} with a shortened id. */
  @Override
  public String toString() {
    return id + "@" + address;
  }
}
