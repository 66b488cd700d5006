package io.hopscotch.transfer.direct;

import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Objects;

/**
 * What a holder announces under a content id through the overlay: where to fetch the content, its
 * size and its file name. Any routing strategy can thus serve as the directory.
 *
 * @param peer the holder's contact
 * @param size content size in bytes
 * @param name file name
 */
public record HolderDescriptor(Peer peer, long size, String name) {

  private static final String MAGIC = "hopscotch-direct-v1";
  private static final int MAX_NAME_BYTES = 1024;

  /** Validates. */
  public HolderDescriptor {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(name, "name");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
  }

  /** The bytes stored as the record's value. */
  public byte[] encode() {
    WireWriter w = new WireWriter();
    w.writeString(MAGIC).writePeer(peer).writeLong(size).writeString(name);
    return w.toByteArray();
  }

  /**
   * Decodes a record value.
   *
   * @throws MalformedMessageException if the bytes are not a descriptor
   */
  public static HolderDescriptor decode(byte[] value) {
    WireReader in = new WireReader(value);
    String magic = in.readString(64);
    if (!MAGIC.equals(magic)) {
      throw new MalformedMessageException("not a direct-transfer holder descriptor (label '" + magic + "')");
    }
    Peer p = in.readPeer();
    long size = in.readLong();
    if (size < 0) {
      throw new MalformedMessageException("negative content size " + size);
    }
    String name = in.readString(MAX_NAME_BYTES);
    in.expectEnd("holder descriptor");
    return new HolderDescriptor(p, size, name);
  }
}
