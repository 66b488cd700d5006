package io.hopscotch.search.central;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Signer;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a client tells an index server, signed by the client: its public key and contact, a
 * sequence number that grows with every registration (so an old one cannot be replayed), the
 * absolute expiry of the lease it asks for, and a change to its shared items.
 *
 * <p>A registration either <em>replaces</em> everything the client had registered (a full
 * re-registration, or, with no items, an unregistration of everything) or adds {@link #items()} and
 * drops {@link #removed()}. An empty non-replacing registration only renews the lease.
 *
 * <p>The server keeps a registration only if the signature verifies and SHA-1 of the public key is the
 * authenticated id of the node that sent it (see {@link #checkFrom}): nobody can register or remove
 * items in another node's name.
 */
public final class Registration {

  /** Most items plus removed keys one registration may carry; longer lists are sent in several. */
  public static final int MAX_CHANGES = 512;
  /** Longest public key or signature accepted on the wire. */
  static final int MAX_CRYPTO_BYTES = 256;
  private static final String DOMAIN = "hopscotch-central-registration-v1";

  private final byte[] publicKey;
  private final Peer peer;
  private final long seq;
  private final long leaseExpiresAtMillis;
  private final boolean replace;
  private final List<SharedItem> items;
  private final List<Key> removed;
  private final byte[] signature;

  private Registration(byte[] publicKey, Peer peer, long seq, long leaseExpiresAtMillis, boolean replace,
                       List<SharedItem> items, List<Key> removed, byte[] signature) {
    this.publicKey = publicKey;
    this.peer = Objects.requireNonNull(peer, "peer");
    this.seq = seq;
    this.leaseExpiresAtMillis = leaseExpiresAtMillis;
    this.replace = replace;
    this.items = List.copyOf(items);
    this.removed = List.copyOf(removed);
    this.signature = signature;
    if (this.items.size() + this.removed.size() > MAX_CHANGES) {
      throw new IllegalArgumentException("a registration carries at most " + MAX_CHANGES + " changes, got "
          + (this.items.size() + this.removed.size()));
    }
  }

  /**
   * Creates and signs a registration.
   *
   * @param signer the client
   * @param peer the client's contact; its id must be the signer's id
   * @param seq sequence number, greater than any earlier one of this client
   * @param leaseExpiresAtMillis absolute lease expiry on the client's clock
   * @param replace true to replace everything registered before
   * @param items items to add (or, when replacing, the complete list)
   * @param removed keys to drop
   * @throws IllegalArgumentException if the peer is not the signer or there are too many changes
   */
  public static Registration create(Signer signer, Peer peer, long seq, long leaseExpiresAtMillis, boolean replace,
                                    List<SharedItem> items, List<Key> removed) {
    if (!peer.id().equals(signer.id())) {
      throw new IllegalArgumentException("registration peer " + peer + " is not the signer " + signer.id());
    }
    Registration unsigned = new Registration(signer.publicKey(), peer, seq, leaseExpiresAtMillis, replace, items, removed, new byte[0]);
    return unsigned.withSignature(signer.sign(unsigned.signedBytes()));
  }

  /** The same registration with another signature (tests forge with it). */
  Registration withSignature(byte[] sig) {
    return new Registration(publicKey, peer, seq, leaseExpiresAtMillis, replace, items, removed, sig.clone());
  }

  /** The bytes the signature covers: everything but the signature, behind a domain label. */
  public byte[] signedBytes() {
    WireWriter w = new WireWriter();
    w.writeString(DOMAIN);
    writeUnsigned(w);
    return w.toByteArray();
  }

  private void writeUnsigned(WireWriter w) {
    w.writeBytes(publicKey).writePeer(peer).writeLong(seq).writeLong(leaseExpiresAtMillis).writeBoolean(replace);
    w.writeList(items, (o, i) -> i.write(o));
    w.writeList(removed, WireWriter::writeKey);
  }

  /** Writes the registration, signature included. */
  public void write(WireWriter w) {
    writeUnsigned(w);
    w.writeBytes(signature);
  }

  /**
   * Reads a registration written by {@link #write}. Nothing is verified here: call {@link #checkFrom}.
   *
   * @throws io.hopscotch.core.wire.MalformedMessageException if the bytes do not form a registration
   */
  public static Registration read(WireReader in) {
    byte[] pub = in.readBytes(MAX_CRYPTO_BYTES);
    Peer peer = in.readPeer();
    long seq = in.readLong();
    long lease = in.readLong();
    boolean replace = in.readBoolean();
    List<SharedItem> items = in.readList(MAX_CHANGES, SharedItem::read);
    List<Key> removed = in.readList(MAX_CHANGES - items.size(), WireReader::readKey);
    byte[] sig = in.readBytes(MAX_CRYPTO_BYTES);
    return new Registration(pub, peer, seq, lease, replace, items, removed, sig);
  }

  /**
   * Checks that this registration may be believed as coming from {@code sender}: the public key
   * hashes to the sender's authenticated id, the contact carries that id, and the signature verifies.
   *
   * @param sender the authenticated id of the node the registration came from
   * @return null if it holds, otherwise the reason it does not
   */
  public String checkFrom(Key sender, Verifier verifier) {
    Key owner = Key.sha1(publicKey);
    if (!owner.equals(sender)) {
      return "registration key belongs to " + owner + " but was sent by " + sender;
    }
    if (!peer.id().equals(owner)) {
      return "registration contact " + peer + " does not carry the key's id " + owner;
    }
    if (!verifier.verify(publicKey, signedBytes(), signature)) {
      return "bad signature on registration from " + sender;
    }
    return null;
  }

  /** The client's id: SHA-1 of its public key. */
  public Key client() {
    return Key.sha1(publicKey);
  }

  /** The client's encoded public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The client's contact, where others fetch its items. */
  public Peer peer() {
    return peer;
  }

  /** The sequence number. */
  public long seq() {
    return seq;
  }

  /** The absolute lease expiry the client asks for, in milliseconds of its clock. */
  public long leaseExpiresAtMillis() {
    return leaseExpiresAtMillis;
  }

  /** True if this replaces everything the client registered before. */
  public boolean replace() {
    return replace;
  }

  /** Items to add (when replacing: the complete list). */
  public List<SharedItem> items() {
    return items;
  }

  /** Keys to drop. */
  public List<Key> removed() {
    return removed;
  }

  /** The signature (a copy). */
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration r && seq == r.seq && leaseExpiresAtMillis == r.leaseExpiresAtMillis && replace == r.replace
        && Arrays.equals(publicKey, r.publicKey) && peer.equals(r.peer) && items.equals(r.items) && removed.equals(r.removed)
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(peer, seq, items.size()) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Registration[" + peer + " seq " + seq + (replace ? " replace " : " add ") + items.size() + " items, "
        + removed.size() + " removed]";
  }
}
