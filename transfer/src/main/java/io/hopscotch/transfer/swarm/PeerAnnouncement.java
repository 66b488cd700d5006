package io.hopscotch.transfer.swarm;

import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.session.PeerAddress;

/**
 * The value a swarm peer stores under an info-hash in the overlay: where it accepts peer wire
 * connections, as a bencoded dictionary {@code {ip, port}} (the field names of a BEP 3 tracker's
 * peer list).
 */
final class PeerAnnouncement {

  private PeerAnnouncement() {
  }

  static byte[] encode(PeerAddress a) {
    return Bencode.encode(BValue.dict().put("ip", a.host()).put("port", a.port()).build());
  }

  /**
   * Decodes an announcement.
   *
   * @throws IllegalArgumentException if the bytes are not one
   */
  static PeerAddress decode(byte[] value) {
    BValue.BDict d = Bencode.decodeDict(value);
    long port = d.require("port", BValue.BInt.class).value();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("announced port out of range: " + port);
    }
    return new PeerAddress(d.require("ip", BValue.BBytes.class).utf8(), (int) port);
  }
}
