package io.hopscotch.transfer.swarm.protocol;

import io.hopscotch.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BEP 3 handshake: {@code 19 "BitTorrent protocol"}, 8 reserved bytes, the 20-byte info-hash and
 * the 20-byte peer id; 68 bytes in all. Of the reserved bits only bit 20 (byte 5, mask 0x10) is
 * read and written: the extension protocol of BEP 10.
 *
 * @param infoHash the torrent
 * @param peerId the sender's peer id (20 bytes)
 * @param extensionProtocol whether the sender speaks the extension protocol (BEP 10)
 */
public record Handshake(Key infoHash, byte[] peerId, boolean extensionProtocol) {

  /** Bytes on the wire. */
  public static final int LENGTH = 68;
  private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

  /** Reserved byte holding the extension-protocol bit. */
  static final int EXTENSION_BYTE = 20 + 5;
  /** The extension-protocol bit (bit 20 of the reserved bytes). */
  static final int EXTENSION_MASK = 0x10;

  /** A handshake that announces the extension protocol, as every Hopscotch peer speaks it. */
  public Handshake(Key infoHash, byte[] peerId) {
    this(infoHash, peerId, true);
  }

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

  /** The 68-byte wire form; of the reserved bytes only the extension-protocol bit may be set. */
  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    out[0] = 19;
    System.arraycopy(PROTOCOL, 0, out, 1, 19);
    if (extensionProtocol) {
      out[EXTENSION_BYTE] = EXTENSION_MASK;
    }
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
    return new Handshake(Key.fromBytes(data, offset + 28), Arrays.copyOfRange(data, offset + 48, offset + 68),
        (data[offset + EXTENSION_BYTE] & EXTENSION_MASK) != 0);
  }
}
