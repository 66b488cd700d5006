package io.hopscotch.transfer.swarm.protocol;

import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.BValue.BDict;
import io.hopscotch.transfer.swarm.bencode.BValue.BInt;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.bencode.BencodeException;
import java.util.Arrays;

/**
 * A message of the metadata exchange (BEP 9, extension {@code ut_metadata}): a request for one 16 KiB
 * piece of the bencoded info dictionary, the piece itself (a bencoded dictionary followed by the raw
 * bytes), or a refusal. A message type this side does not know decodes as {@link Type#OTHER}, which
 * BEP 9 says to ignore.
 *
 * @param type request, data, reject or other
 * @param piece the metadata piece index
 * @param totalSize for data: the size of the whole info dictionary in bytes; otherwise -1
 * @param data for data: the piece's bytes; otherwise empty
 */
public record MetadataMessage(Type type, int piece, long totalSize, byte[] data) {

  /** Bytes per metadata piece; every piece but the last is this long. */
  public static final int PIECE = 16 * 1024;
  /**
   * Largest info dictionary accepted from a peer: 8 MiB, room for over 400,000 piece hashes (100 GiB in
   * 256 KiB pieces), so that a peer cannot make us reserve an arbitrary buffer.
   */
  public static final int MAX_METADATA_SIZE = 8 * 1024 * 1024;

  /** The {@code msg_type} values. */
  public enum Type {
    /** msg_type 0: asks for a piece. */
    REQUEST,
    /** msg_type 1: carries a piece. */
    DATA,
    /** msg_type 2: the sender will not give the piece. */
    REJECT,
    /** Any other msg_type: ignored. */
    OTHER
  }

  /** Checks the fields and copies the data. */
  public MetadataMessage {
    java.util.Objects.requireNonNull(type, "type");
    if (piece < 0) {
      throw new IllegalArgumentException("metadata piece must be >= 0, got " + piece);
    }
    data = data == null ? new byte[0] : data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** A request for {@code piece}. */
  public static MetadataMessage request(int piece) {
    return new MetadataMessage(Type.REQUEST, piece, -1, null);
  }

  /** A refusal of {@code piece}. */
  public static MetadataMessage reject(int piece) {
    return new MetadataMessage(Type.REJECT, piece, -1, null);
  }

  /** Piece {@code piece} of the info dictionary {@code metadata}. */
  public static MetadataMessage dataOf(byte[] metadata, int piece) {
    int from = piece * PIECE;
    if (piece < 0 || from >= metadata.length) {
      throw new IllegalArgumentException("metadata of " + metadata.length + " bytes has no piece " + piece);
    }
    return new MetadataMessage(Type.DATA, piece, metadata.length, Arrays.copyOfRange(metadata, from, Math.min(metadata.length,
        from + PIECE)));
  }

  /** Number of pieces of an info dictionary of {@code size} bytes. */
  public static int pieceCount(long size) {
    return (int) ((size + PIECE - 1) / PIECE);
  }

  /** Size of piece {@code piece} of an info dictionary of {@code size} bytes. */
  public static int pieceSize(long size, int piece) {
    return (int) Math.min(PIECE, size - (long) piece * PIECE);
  }

  /** The payload (after the extended message id). */
  public byte[] encode() {
    int t = switch (type) {
      case REQUEST -> 0;
      case DATA -> 1;
      case REJECT -> 2;
      case OTHER -> throw new IllegalArgumentException("cannot encode a metadata message of unknown type");
    };
    BValue.DictBuilder d = BValue.dict().put("msg_type", t).put("piece", piece);
    if (type == Type.DATA) {
      d.put("total_size", totalSize);
    }
    byte[] head = Bencode.encode(d.build());
    if (type != Type.DATA) {
      return head;
    }
    byte[] out = Arrays.copyOf(head, head.length + data.length);
    System.arraycopy(data, 0, out, head.length, data.length);
    return out;
  }

  /**
   * Decodes a payload.
   *
   * @throws PeerWireCodec.ProtocolException naming the problem if the dictionary is malformed, a
   *     field is missing or out of range, a data message's {@code total_size} exceeds
   *     {@link #MAX_METADATA_SIZE} or its data exceeds {@link #PIECE}, or another message carries
   *     trailing bytes
   */
  public static MetadataMessage decode(byte[] payload) throws PeerWireCodec.ProtocolException {
    Bencode.Prefix p;
    BDict d;
    long t;
    long piece;
    try {
      p = Bencode.decodePrefix(payload);
      if (!(p.value() instanceof BDict dict)) {
        throw new PeerWireCodec.ProtocolException("metadata message does not start with a dictionary");
      }
      d = dict;
      t = d.require("msg_type", BInt.class).value();
      piece = d.require("piece", BInt.class).value();
    } catch (BencodeException e) {
      throw new PeerWireCodec.ProtocolException("malformed metadata message: " + e.getMessage());
    }
    if (piece < 0 || piece >= pieceCount(MAX_METADATA_SIZE)) {
      throw new PeerWireCodec.ProtocolException("metadata piece " + piece + " out of range 0.." + (pieceCount(MAX_METADATA_SIZE) - 1));
    }
    int trailing = payload.length - p.length();
    if (t == 1) {
      long total;
      try {
        total = d.require("total_size", BInt.class).value();
      } catch (BencodeException e) {
        throw new PeerWireCodec.ProtocolException("malformed metadata data message: " + e.getMessage());
      }
      if (total <= 0 || total > MAX_METADATA_SIZE) {
        throw new PeerWireCodec.ProtocolException("metadata total_size " + total + " not in 1.." + MAX_METADATA_SIZE);
      }
      if (trailing > PIECE) {
        throw new PeerWireCodec.ProtocolException("metadata piece of " + trailing + " bytes (at most " + PIECE + ")");
      }
      return new MetadataMessage(Type.DATA, (int) piece, total, Arrays.copyOfRange(payload, p.length(), payload.length));
    }
    if (trailing != 0) {
      throw new PeerWireCodec.ProtocolException("metadata message of type " + t + " carries " + trailing + " trailing bytes");
    }
    Type type = t == 0 ? Type.REQUEST : t == 2 ? Type.REJECT : Type.OTHER;
    return new MetadataMessage(type, (int) piece, -1, null);
  }
}
