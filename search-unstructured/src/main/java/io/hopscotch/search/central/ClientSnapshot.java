package io.hopscotch.search.central;

import io.hopscotch.core.Peer;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Part or all of one client's entry in an index, as a primary sends it to a standby: the client's
 * contact and key, its last accepted sequence number, its lease, and (some of) its items. A large
 * client is split over several snapshot pages; the standby merges them.
 *
 * @param peer the client's contact
 * @param publicKey the client's encoded public key
 * @param lastSeq the last registration sequence number the primary accepted from it
 * @param leaseExpiresAtMillis when its lease runs out, on the primary's clock
 * @param items some or all of its items
 */
public record ClientSnapshot(Peer peer, byte[] publicKey, long lastSeq, long leaseExpiresAtMillis, List<SharedItem> items) {

  /** Most items in one snapshot part. */
  public static final int MAX_ITEMS = 1024;

  /** Copies. */
  public ClientSnapshot {
    Objects.requireNonNull(peer, "peer");
    publicKey = publicKey.clone();
    items = List.copyOf(items);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Writes it. */
  public void write(WireWriter out) {
    out.writePeer(peer).writeBytes(publicKey).writeLong(lastSeq).writeLong(leaseExpiresAtMillis);
    out.writeList(items, (o, i) -> i.write(o));
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws io.hopscotch.core.wire.MalformedMessageException if malformed
   */
  public static ClientSnapshot read(WireReader in) {
    Peer peer = in.readPeer();
    byte[] pub = in.readBytes(Registration.MAX_CRYPTO_BYTES);
    long seq = in.readLong();
    long lease = in.readLong();
    List<SharedItem> items = in.readList(MAX_ITEMS, SharedItem::read);
    return new ClientSnapshot(peer, pub, seq, lease, items);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientSnapshot c && peer.equals(c.peer) && Arrays.equals(publicKey, c.publicKey) && lastSeq == c.lastSeq
        && leaseExpiresAtMillis == c.leaseExpiresAtMillis && items.equals(c.items);
  }

  @Override
  public int hashCode() {
    return Objects.hash(peer, lastSeq, leaseExpiresAtMillis, items);
  }

  @Override
  public String toString() {
    return "ClientSnapshot[" + peer + " seq " + lastSeq + ", " + items.size() + " items]";
  }
}
