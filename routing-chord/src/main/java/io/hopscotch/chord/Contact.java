package io.hopscotch.chord;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Objects;

/**
 * A position on the Chord ring: a (virtual) node id and the physical node that hosts it. Without
 * virtual nodes the id is the host's own id; with them, each host carries several ids derived from
 * its own (see {@link ChordRouting#virtualId}).
 *
 * @param id the ring position
 * @param host the physical node to send messages to
 */
public record Contact(Key id, Peer host) {

  /** Validates the components. */
  public Contact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
  }

  /** Writes the id, then one flag byte saying whether the host id differs, then the host. */
  void write(WireWriter out) {
    boolean same = id.equals(host.id());
    out.writeBoolean(!same);
    if (!same) {
      out.writeKey(id);
    }
    out.writePeer(host);
  }

  /** Reads what {@link #write} wrote. */
  static Contact read(WireReader in) {
    boolean virtual = in.readBoolean();
    Key id = virtual ? in.readKey() : null;
    Peer host = in.readPeer();
    return new Contact(id == null ? host.id() : id, host);
  }

  /** True if this contact is hosted by the node with id {@code hostId}. */
  boolean hostedBy(Key hostId) {
    return host.id().equals(hostId);
  }

  @Override
  public String toString() {
    return id.equals(host.id()) ? host.toString() : id + "/" + host;
  }
}
