package io.hopscotch.transfer.swarm.protocol;

import io.hopscotch.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BEP 3 handshake: {@code 19 "BitTorrent protocol"}, 8 reserved bytes, the 20-byte info-hash and
 * the 20-byte peer id; 68 bytes in all.
 *
 * @param infoHash the torrent
 * @param peerId the sender's peer id (20 bytes)
 */
public record Handshake(Key infoHash, byte[] peerId) {

  /** Bytes on the wire. */
  public static final int LENGTH = 68;
  private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

  /** Checks the peer id length. */
  public Handshake {
    if (peerId.length != 20) {
      throw new IllegalArgumentException("a peer id is 20 bytes, got " + peerId.length);
    }
    peerId = peerId.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  /** The 68-byte wire form (reserved bytes zero: no extensions). */
  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    out[0] = 19;
    System.arraycopy(PROTOCOL, 0, out, 1, 19);
    infoHash.writeTo(out, 28);
    System.arraycopy(peerId, 0, out, 48, 20);
    return out;
  }

  /**
   * Decodes 68 bytes at {@code offset}.
   *
   * @throws IllegalArgumentException if the protocol string is not BitTorrent's
   */
  public static Handshake decode(byte[] data, int offset) {
    if (data[offset] != 19 || !Arrays.equals(data, offset + 1, offset + 20, PROTOCOL, 0, 19)) {
      throw new IllegalArgumentException("not a BitTorrent handshake (protocol string differs)");
    }
    return new Handshake(Key.fromBytes(data, offset + 28), Arrays.copyOfRange(data, offset + 48, offset + 68));
  }
}
