package io.hopscotch.transfer.swarm.protocol;

/**
 * A BEP 3 peer wire message after the handshake. Message ids: choke 0, unchoke 1, interested 2,
 * not interested 3, have 4, bitfield 5, request 6, piece 7, cancel 8, extended 20 (BEP 10); a
 * zero-length message is a keep-alive.
 */
public sealed interface PeerMessage {

  /** Keep-alive (length 0). */
  record KeepAlive() implements PeerMessage {
  }

  /** Choke (id 0). */
  record Choke() implements PeerMessage {
  }

  /** Unchoke (id 1). */
  record Unchoke() implements PeerMessage {
  }

  /** Interested (id 2). */
  record Interested() implements PeerMessage {
  }

  /** Not interested (id 3). */
  record NotInterested() implements PeerMessage {
  }

  /** Have (id 4): the sender completed and verified {@code piece}. */
  record Have(int piece) implements PeerMessage {
  }

  /** Bitfield (id 5), raw wire bits; checked against the piece count by the receiver. */
  record BitfieldMessage(byte[] bits) implements PeerMessage {
  }

  /** Request (id 6) for {@code length} bytes at {@code begin} within {@code piece}. */
  record Request(int piece, int begin, int length) implements PeerMessage {
  }

  /** Piece (id 7): a block of data. */
  record Piece(int piece, int begin, byte[] data) implements PeerMessage {
  }

  /** Cancel (id 8) of an earlier request. */
  record Cancel(int piece, int begin, int length) implements PeerMessage {
  }

  /**
   * Extended (id 20, BEP 10): an extension message, its first payload byte naming the extension (0 is
   * the extended handshake, others the ids the receiver gave in its handshake's {@code m} dictionary).
   *
   * @param extendedId the extended message id, 0..255
   * @param payload the bytes after the id (a bencoded dictionary, possibly followed by raw data)
   */
  record Extended(int extendedId, byte[] payload) implements PeerMessage {
  }

  /** Any other id (e.g. DHT port 9), skipped. */
  record Unknown(int id, int length) implements PeerMessage {
  }

  /** Keep-alive singleton. */
  KeepAlive KEEP_ALIVE = new KeepAlive();
  /** Choke singleton. */
  Choke CHOKE = new Choke();
  /** Unchoke singleton. */
  Unchoke UNCHOKE = new Unchoke();
  /** Interested singleton. */
  Interested INTERESTED = new Interested();
  /** Not-interested singleton. */
  NotInterested NOT_INTERESTED = new NotInterested();
}
