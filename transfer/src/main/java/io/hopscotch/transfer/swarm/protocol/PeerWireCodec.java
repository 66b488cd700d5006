package io.hopscotch.transfer.swarm.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes peer wire messages and decodes a byte stream into them: first the 68-byte handshake, then
 * length-prefixed messages. Bounded: a message longer than {@link #maxMessage} (a 16 KiB block plus
 * header, or the bitfield, whichever is larger) or a malformed fixed-size message is an error, upon
 * which the caller closes the connection.
 */
public final class PeerWireCodec {

  /** Standard block size: 16 KiB. */
  public static final int BLOCK = 16 * 1024;
  /** Largest block a peer may request or send. */
  public static final int MAX_BLOCK = 128 * 1024;

  private int maxMessage;
  private byte[] buffer = new byte[4096];
  private int filled;
  private boolean handshakeSeen;

  /**
   * A decoder for a torrent of {@code pieceCount} pieces.
   *
   * @param expectHandshake whether the stream starts with a handshake
   */
  public PeerWireCodec(int pieceCount, boolean expectHandshake) {
    this.maxMessage = Math.max(1 + (pieceCount + 7) / 8, 9 + MAX_BLOCK);
    this.handshakeSeen = !expectHandshake;
  }

  /** Adjusts the message bound once the torrent (and so its bitfield size) is known from the handshake. */
  public void pieceCount(int pieceCount) {
    this.maxMessage = Math.max(1 + (pieceCount + 7) / 8, 9 + MAX_BLOCK);
  }

  /** A decoding error: the connection must be closed. */
  public static final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error with a precise message. */
    public ProtocolException(String message) {
      super(message);
    }
  }

  /**
   * Appends {@code data} and returns every complete item: a {@link Handshake} first, then
   * {@link PeerMessage}s.
   *
   * @throws ProtocolException if the stream is malformed or a message is too long
   */
  public List<Object> feed(byte[] data) throws ProtocolException {
    ensure(filled + data.length);
    System.arraycopy(data, 0, buffer, filled, data.length);
    filled += data.length;
    List<Object> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      if (!handshakeSeen) {
        if (filled - pos < Handshake.LENGTH) {
          break;
        }
        try {
          out.add(Handshake.decode(buffer, pos));
        } catch (IllegalArgumentException e) {
          throw new ProtocolException(e.getMessage());
        }
        pos += Handshake.LENGTH;
        handshakeSeen = true;
        continue;
      }
      if (filled - pos < 4) {
        break;
      }
      int len = ByteBuffer.wrap(buffer, pos, 4).getInt();
      if (len < 0 || len > maxMessage) {
        throw new ProtocolException("message of " + (len & 0xffffffffL) + " bytes exceeds the limit of " + maxMessage);
      }
      if (filled - pos - 4 < len) {
        break;
      }
      out.add(parse(ByteBuffer.wrap(buffer, pos + 4, len).slice(), len));
      pos += 4 + len;
    }
    System.arraycopy(buffer, pos, buffer, 0, filled - pos);
    filled -= pos;
    return out;
  }

  private void ensure(int n) {
    if (n > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(n, buffer.length * 2));
    }
  }

  private static PeerMessage parse(ByteBuffer b, int len) throws ProtocolException {
    if (len == 0) {
      return PeerMessage.KEEP_ALIVE;
    }
    int id = b.get() & 0xff;
    switch (id) {
      case 0, 1, 2, 3 -> {
        expect(len, 1, id);
        return id == 0 ? PeerMessage.CHOKE : id == 1 ? PeerMessage.UNCHOKE : id == 2 ? PeerMessage.INTERESTED : PeerMessage.NOT_INTERESTED;
      }
      case 4 -> {
        expect(len, 5, id);
        return new PeerMessage.Have(b.getInt());
      }
      case 5 -> {
        byte[] bits = new byte[len - 1];
        b.get(bits);
        return new PeerMessage.BitfieldMessage(bits);
      }
      case 6, 8 -> {
        expect(len, 13, id);
        int piece = b.getInt();
        int begin = b.getInt();
        int length = b.getInt();
        return id == 6 ? new PeerMessage.Request(piece, begin, length) : new PeerMessage.Cancel(piece, begin, length);
      }
      case 7 -> {
        if (len < 9) {
          throw new ProtocolException("piece message of " + len + " bytes is shorter than its 9-byte header");
        }
        int piece = b.getInt();
        int begin = b.getInt();
        byte[] data = new byte[len - 9];
        b.get(data);
        return new PeerMessage.Piece(piece, begin, data);
      }
      case 20 -> {
        if (len < 2) {
          throw new ProtocolException("extended message of " + len + " bytes has no extended message id");
        }
        int ext = b.get() & 0xff;
        byte[] payload = new byte[len - 2];
        b.get(payload);
        return new PeerMessage.Extended(ext, payload);
      }
      default -> {
        return new PeerMessage.Unknown(id, len);
      }
    }
  }

  private static void expect(int len, int want, int id) throws ProtocolException {
    if (len != want) {
      throw new ProtocolException("message id " + id + " must be " + want + " bytes long, got " + len);
    }
  }

  /** The wire form of {@code m} including its 4-byte length prefix. */
  public static byte[] encode(PeerMessage m) {
    ByteBuffer b;
    if (m instanceof PeerMessage.KeepAlive) {
      b = ByteBuffer.allocate(4).putInt(0);
    } else if (m instanceof PeerMessage.Choke) {
      b = simple(0);
    } else if (m instanceof PeerMessage.Unchoke) {
      b = simple(1);
    } else if (m instanceof PeerMessage.Interested) {
      b = simple(2);
    } else if (m instanceof PeerMessage.NotInterested) {
      b = simple(3);
    } else if (m instanceof PeerMessage.Have h) {
      b = ByteBuffer.allocate(9).putInt(5).put((byte) 4).putInt(h.piece());
    } else if (m instanceof PeerMessage.BitfieldMessage f) {
      b = ByteBuffer.allocate(5 + f.bits().length).putInt(1 + f.bits().length).put((byte) 5).put(f.bits());
    } else if (m instanceof PeerMessage.Request r) {
      b = ByteBuffer.allocate(17).putInt(13).put((byte) 6).putInt(r.piece()).putInt(r.begin()).putInt(r.length());
    } else if (m instanceof PeerMessage.Cancel c) {
      b = ByteBuffer.allocate(17).putInt(13).put((byte) 8).putInt(c.piece()).putInt(c.begin()).putInt(c.length());
    } else if (m instanceof PeerMessage.Piece p) {
      b = ByteBuffer.allocate(13 + p.data().length).putInt(9 + p.data().length).put((byte) 7).putInt(p.piece()).putInt(p.begin())
          .put(p.data());
    } else if (m instanceof PeerMessage.Extended x) {
      if (x.extendedId() < 0 || x.extendedId() > 255) {
        throw new IllegalArgumentException("extended message id must be 0..255, got " + x.extendedId());
      }
      b = ByteBuffer.allocate(6 + x.payload().length).putInt(2 + x.payload().length).put((byte) 20).put((byte) x.extendedId())
          .put(x.payload());
    } else {
      throw new IllegalArgumentException("cannot encode " + m);
    }
    return b.array();
  }

  private static ByteBuffer simple(int id) {
    return ByteBuffer.allocate(5).putInt(1).put((byte) id);
  }
}
