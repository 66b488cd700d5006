package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A few contacts in every foreign affinity group, preferring the smallest measured round-trip time.
 * A group with free slots takes any node offered; a full group takes a candidate only once a probe
 * shows it is closer than the worst contact held. Contacts that fail a request are removed, and the
 * slot refills from the next node gossip brings.
 *
 * <p>Each group also keeps as many spares as contacts (nodes seen but not chosen), promoted when a
 * contact is removed, so that a node whose contacts of a group all died still knows where to turn.
 *
 * <p>Stored flat, since a node at N = 100,000 holds about 630 contacts and as many spares: group g's
 * contacts sit in slots {@code g·perGroup …}, in the order they were taken, as parallel arrays of peer,
 * heartbeat and RTT (20 bytes a slot), with an open-addressing index by id ({@link IdIndex}); the
 * {@link Contact} objects handed out are snapshots made on demand.
 *
 * <p>Bounded: at most {@code perGroup} contacts and spares per group and {@value #MAX_CANDIDATES}
 * candidates waiting for a probe.
 */
public final class ContactTable {

  /** Most candidates waiting for an RTT probe. */
  public static final int MAX_CANDIDATES = 64;

  /** A contact as held when it was read (a snapshot: later changes to the table do not show in it). */
  public static final class Contact {
    private final Peer peer;
    private final int group;
    private final long heartbeat;
    private final long rttNanos;

    Contact(Peer peer, int group, long heartbeat, long rttNanos) {
      this.peer = peer;
      this.group = group;
      this.heartbeat = heartbeat;
      this.rttNanos = rttNanos;
    }

    /** The contact. */
    public Peer peer() {
      return peer;
    }

    /** Its group. */
    public int group() {
      return group;
    }

    /** Its freshest heartbeat known here. */
    public long heartbeat() {
      return heartbeat;
    }

    /** Measured round-trip time in nanoseconds, {@code Long.MAX_VALUE} if not measured yet. */
    public long rttNanos() {
      return rttNanos;
    }
  }

  private static final Comparator<Contact> BY_RTT = Comparator.comparingLong(Contact::rttNanos);

  private final AffinityGroups groups;
  private final int ownGroup;
  private final int perGroup;
  /** Contacts of group g in slots g·perGroup to g·perGroup + count[g] − 1, oldest first. */
  private final Peer[] peers;
  private final long[] heartbeats;
  private final long[] rtts;
  private final byte[] counts;
  /** Spare nodes of group g (as many as contacts) in the same slot layout, promoted when a contact is removed. */
  private final Peer[] spares;
  private final byte[] spareCounts;
  /** When each group lost its last contact (on the node clock), 0 if it has contacts or never had. */
  private final long[] lostAtMillis;
  private final long emptyAfterMillis;
  private final IdIndex byId = new IdIndex();
  private final Map<Key, Peer> candidates = new java.util.LinkedHashMap<>();
  private int knownGroups;

  /**
   * A table.
   *
   * @param perGroup contacts kept per foreign group, 1 to 127
   * @param emptyAfterMillis how long a group that lost its last contact still counts as having members
   * @throws IllegalArgumentException if {@code perGroup} is out of range
   */
  public ContactTable(AffinityGroups groups, int ownGroup, int perGroup, long emptyAfterMillis) {
    if (perGroup < 1 || perGroup > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("contacts per group must be 1.." + Byte.MAX_VALUE + ", got " + perGroup);
    }
    this.groups = groups;
    this.ownGroup = ownGroup;
    this.perGroup = perGroup;
    int k = groups.count();
    this.peers = new Peer[k * perGroup];
    this.heartbeats = new long[k * perGroup];
    this.rtts = new long[k * perGroup];
    this.counts = new byte[k];
    this.spares = new Peer[k * perGroup];
    this.spareCounts = new byte[k];
    this.lostAtMillis = new long[k];
    this.emptyAfterMillis = emptyAfterMillis;
  }

  /** What an offer did. */
  public enum Offer {
    /** Took a free slot; the group may have had no contact before ({@link #size(int)} is then 1). */
    ADDED,
    /** Refreshed a contact held. */
    REFRESHED,
    /** The group is full; the node waits as a candidate. */
    CANDIDATE,
    /** Nothing changed (own group, stale, or the candidate list is full). */
    IGNORED
  }

  private Contact snapshot(int slot) {
    return new Contact(peers[slot], slot / perGroup, heartbeats[slot], rtts[slot]);
  }

  /** Offers a node learnt from gossip or a join. */
  public Offer offer(Peer peer, long heartbeat) {
    int g = groups.groupOf(peer.id());
    if (g == ownGroup) {
      return Offer.IGNORED;
    }
    int held = byId.get(peer.id());
    if (held >= 0) {
      if (heartbeat > heartbeats[held]) {
        heartbeats[held] = heartbeat;
        peers[held] = peer;
        return Offer.REFRESHED;
      }
      return Offer.IGNORED;
    }
    int n = counts[g];
    if (n < perGroup) {
      int slot = g * perGroup + n;
      peers[slot] = peer;
      heartbeats[slot] = heartbeat;
      rtts[slot] = Long.MAX_VALUE;
      counts[g]++;
      byId.put(peer.id(), slot);
      candidates.remove(peer.id());
      if (n == 0) {
        knownGroups++;
        lostAtMillis[g] = 0;
      }
      return Offer.ADDED;
    }
    boolean spared = spare(g, peer);
    if (candidates.size() < MAX_CANDIDATES && !candidates.containsKey(peer.id())) {
      candidates.put(peer.id(), peer);
      return Offer.CANDIDATE;
    }
    return spared ? Offer.CANDIDATE : Offer.IGNORED;
  }

  /**
   * True if {@link #offer} of this node would change anything (a fresher heartbeat of a contact, a free
   * slot, room among the spares or the candidates): lets the caller skip checking the signature of an
   * entry it would ignore anyway.
   */
  public boolean wants(Peer peer, long heartbeat) {
    int g = groups.groupOf(peer.id());
    if (g == ownGroup) {
      return false;
    }
    int held = byId.get(peer.id());
    if (held >= 0) {
      return heartbeat > heartbeats[held];
    }
    if (size(g) < perGroup || (candidates.size() < MAX_CANDIDATES && !candidates.containsKey(peer.id()))) {
      return true;
    }
    int n = spareCounts[g];
    if (n < perGroup) {
      return true;
    }
    int base = g * perGroup;
    for (int i = base; i < base + n; i++) {
      if (spares[i].id().equals(peer.id())) {
        return !spares[i].equals(peer); // a spare that moved
      }
    }
    return false;
  }

  /** Keeps a node as a spare of group {@code g} if there is room; true if it was taken. */
  private boolean spare(int g, Peer peer) {
    int base = g * perGroup;
    int n = spareCounts[g];
    for (int i = base; i < base + n; i++) {
      if (spares[i].id().equals(peer.id())) {
        spares[i] = peer;
        return false;
      }
    }
    if (n >= perGroup) {
      return false;
    }
    spares[base + n] = peer;
    spareCounts[g]++;
    return true;
  }

  private void dropSpare(int g, Key id) {
    int base = g * perGroup;
    int n = spareCounts[g];
    for (int i = base; i < base + n; i++) {
      if (spares[i].id().equals(id)) {
        System.arraycopy(spares, i + 1, spares, i, base + n - i - 1);
        spares[base + n - 1] = null;
        spareCounts[g]--;
        return;
      }
    }
  }

  /** Number of spares held in all groups. */
  public int spares() {
    int n = 0;
    for (byte c : spareCounts) {
      n += c;
    }
    return n;
  }

  /** Takes the oldest candidate waiting for a probe, or null. */
  public Peer nextCandidate() {
    var it = candidates.entrySet().iterator();
    if (!it.hasNext()) {
      return null;
    }
    Peer p = it.next().getValue();
    it.remove();
    return p;
  }

  /**
   * A probed candidate: replaces the group's slowest contact if it is faster.
   *
   * @return true if it became a contact
   */
  public boolean consider(Peer candidate, long rttNanos) {
    if (byId.contains(candidate.id())) {
      rtt(candidate.id(), rttNanos);
      return false;
    }
    if (offer(candidate, Long.MIN_VALUE + 1) == Offer.ADDED) {
      rtt(candidate.id(), rttNanos);
      return true;
    }
    candidates.remove(candidate.id());
    int g = groups.groupOf(candidate.id());
    int base = g * perGroup;
    int worst = base;
    for (int i = base + 1; i < base + counts[g]; i++) {
      if (rtts[i] > rtts[worst]) {
        worst = i;
      }
    }
    if (rttNanos >= rtts[worst]) {
      return false;
    }
    Peer old = peers[worst];
    byId.remove(old.id());
    dropSpare(g, candidate.id());
    spare(g, old);
    peers[worst] = candidate;
    heartbeats[worst] = Long.MIN_VALUE + 1;
    rtts[worst] = rttNanos;
    byId.put(candidate.id(), worst);
    return true;
  }

  /** Records a measured round-trip time of a contact. */
  public void rtt(Key id, long nanos) {
    int slot = byId.get(id);
    if (slot >= 0) {
      rtts[slot] = nanos;
    }
  }

  /** Removes a contact that failed or was reported dead; true if it was held. */
  public boolean remove(Key id) {
    return remove(id, 1);
  }

  /**
   * Removes a contact (and forgets the node as a spare or candidate); true if it was held as a contact.
   *
   * @param nowMillis the node clock, from which a group left without contacts still counts as having
   *     members for a while (gossip refills a live group long before that)
   */
  public boolean remove(Key id, long nowMillis) {
    candidates.remove(id);
    int slot = byId.remove(id);
    if (slot < 0) {
      int g = groups.groupOf(id);
      if (g != ownGroup) {
        dropSpare(g, id); // a dead spare must not be promoted later
      }
      return false;
    }
    int g = slot / perGroup;
    int last = g * perGroup + counts[g] - 1;
    // Later contacts of the group move up one slot, keeping their order.
    for (int i = slot; i < last; i++) {
      peers[i] = peers[i + 1];
      heartbeats[i] = heartbeats[i + 1];
      rtts[i] = rtts[i + 1];
      byId.put(peers[i].id(), i);
    }
    peers[last] = null;
    counts[g]--;
    if (counts[g] == 0) {
      knownGroups--;
      lostAtMillis[g] = Math.max(1, nowMillis);
    }
    dropSpare(g, id);
    // A spare takes the free slot; if it is dead too, the next failed request removes it.
    if (spareCounts[g] > 0) {
      Peer next = spares[g * perGroup];
      dropSpare(g, next.id());
      offer(next, Long.MIN_VALUE + 1);
    }
    return true;
  }

  /** The contacts of group {@code g}, fastest first. */
  public List<Contact> of(int g) {
    int n = counts[g];
    if (n == 0) {
      return List.of();
    }
    List<Contact> out = new ArrayList<>(n);
    for (int i = g * perGroup; i < g * perGroup + n; i++) {
      out.add(snapshot(i));
    }
    out.sort(BY_RTT);
    return out;
  }

  /** Number of contacts held in group {@code g}. */
  public int size(int g) {
    return counts[g];
  }

  /** True if a contact in group {@code g} is held. */
  public boolean known(int g) {
    return counts[g] > 0;
  }

  /**
   * True if group {@code g} counts as having members: a contact is held, or the last one was lost less
   * than the empty-after time ago. A lookup then keeps going to the group (through relays) instead of
   * moving to the next group, which does not hold its tuples.
   */
  public boolean known(int g, long nowMillis) {
    return counts[g] > 0 || (lostAtMillis[g] != 0 && nowMillis - lostAtMillis[g] < emptyAfterMillis);
  }

  /**
   * Group {@code g} is known to be empty (its last member left gracefully): if no contact of it is held,
   * it stops counting as having members now rather than after the empty-after time.
   *
   * @return true if the group counted as having members until now
   */
  public boolean markEmpty(int g, long nowMillis) {
    if (counts[g] > 0) {
      return false;
    }
    boolean was = known(g, nowMillis);
    lostAtMillis[g] = 0;
    return was;
  }

  /**
   * The groups whose empty-after time ran out since the last call: they had contacts, lost them all and
   * gained none since. Each such group is reported once.
   */
  public List<Integer> vanished(long nowMillis) {
    List<Integer> out = List.of();
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] == 0 && lostAtMillis[g] != 0 && nowMillis - lostAtMillis[g] >= emptyAfterMillis) {
        lostAtMillis[g] = 0;
        if (out.isEmpty()) {
          out = new ArrayList<>();
        }
        out.add(g);
      }
    }
    return out;
  }

  /** True if the node is held as a contact, a spare or a candidate. */
  public boolean holds(Key id) {
    if (byId.contains(id) || candidates.containsKey(id)) {
      return true;
    }
    int g = groups.groupOf(id);
    int base = g * perGroup;
    for (int i = base; i < base + spareCounts[g]; i++) {
      if (spares[i].id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** The contact with this id, or null. */
  public Contact get(Key id) {
    int slot = byId.get(id);
    return slot < 0 ? null : snapshot(slot);
  }

  /** True if the node is held as a contact (spares and candidates do not count). */
  public boolean contains(Key id) {
    return byId.contains(id);
  }

  /** A uniformly random contact, or null if none is held. */
  public Contact random(Random random) {
    if (knownGroups == 0) {
      return null;
    }
    // Picking a group first spreads exchanges evenly over groups.
    int k = counts.length;
    int start = random.nextInt(k);
    for (int i = 0; i < k; i++) {
      int g = (start + i) % k;
      if (counts[g] > 0) {
        return snapshot(g * perGroup + random.nextInt(counts[g]));
      }
    }
    return null;
  }

  /**
   * A random foreign group in which no contact is held, or -1 if every foreign group has one. Such a
   * group may be empty; asking costs a few bytes either way.
   */
  public int randomUnknownGroup(Random random) {
    int k = counts.length;
    if (knownGroups >= k - 1) {
      return -1;
    }
    int start = random.nextInt(k);
    for (int i = 0; i < k; i++) {
      int g = (start + i) % k;
      if (g != ownGroup && counts[g] == 0) {
        return g;
      }
    }
    return -1;
  }

  /** Number of contacts held in all groups. */
  public int size() {
    return byId.size();
  }

  /** Number of foreign groups with at least one contact. */
  public int knownGroups() {
    return knownGroups;
  }

  /** Every contact, group by group. */
  public List<Contact> all() {
    List<Contact> out = new ArrayList<>(byId.size());
    for (int g = 0; g < counts.length; g++) {
      for (int i = g * perGroup; i < g * perGroup + counts[g]; i++) {
        out.add(snapshot(i));
      }
    }
    return out;
  }
}
