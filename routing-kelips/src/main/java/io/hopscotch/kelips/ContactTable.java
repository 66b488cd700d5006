package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * <p>Bounded: at most {@code perGroup} contacts and spares per group and {@value #MAX_CANDIDATES}
 * candidates waiting for a probe.
 */
public final class ContactTable {

  /** Most candidates waiting for an RTT probe. */
  public static final int MAX_CANDIDATES = 64;

  /** A contact. */
  public static final class Contact {
    private Peer peer;
    private final int group;
    private long heartbeat;
    private long rttNanos = Long.MAX_VALUE;

    Contact(Peer peer, int group, long heartbeat) {
      this.peer = peer;
      this.group = group;
      this.heartbeat = heartbeat;
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
  private final Contact[][] slots;
  /** Spare nodes per group (as many as contacts), promoted when a contact is removed. */
  private final Peer[][] spares;
  /** When each group lost its last contact (on the node clock), 0 if it has contacts or never had. */
  private final long[] lostAtMillis;
  private final long emptyAfterMillis;
  private final Map<Key, Contact> byId = new HashMap<>();
  private final Map<Key, Peer> candidates = new java.util.LinkedHashMap<>();
  private int knownGroups;

  /**
   * A table.
   *
   * @param perGroup contacts kept per foreign group
   * @param emptyAfterMillis how long a group that lost its last contact still counts as having members
   */
  public ContactTable(AffinityGroups groups, int ownGroup, int perGroup, long emptyAfterMillis) {
    this.groups = groups;
    this.ownGroup = ownGroup;
    this.perGroup = perGroup;
    this.slots = new Contact[groups.count()][];
    this.spares = new Peer[groups.count()][];
    this.lostAtMillis = new long[groups.count()];
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

  /** Offers a node learnt from gossip or a join. */
  public Offer offer(Peer peer, long heartbeat) {
    int g = groups.groupOf(peer.id());
    if (g == ownGroup) {
      return Offer.IGNORED;
    }
    Contact c = byId.get(peer.id());
    if (c != null) {
      if (heartbeat > c.heartbeat) {
        c.heartbeat = heartbeat;
        c.peer = peer;
        return Offer.REFRESHED;
      }
      return Offer.IGNORED;
    }
    Contact[] s = slots[g];
    int n = s == null ? 0 : s.length;
    if (n < perGroup) {
      Contact[] grown = new Contact[n + 1];
      if (s != null) {
        System.arraycopy(s, 0, grown, 0, n);
      }
      grown[n] = new Contact(peer, g, heartbeat);
      slots[g] = grown;
      byId.put(peer.id(), grown[n]);
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
    Contact c = byId.get(peer.id());
    if (c != null) {
      return heartbeat > c.heartbeat;
    }
    if (size(g) < perGroup || (candidates.size() < MAX_CANDIDATES && !candidates.containsKey(peer.id()))) {
      return true;
    }
    Peer[] s = spares[g];
    if (s == null || s.length < perGroup) {
      return true;
    }
    for (Peer p : s) {
      if (p.id().equals(peer.id())) {
        return !p.equals(peer); // a spare that moved
      }
    }
    return false;
  }

  /** Keeps a node as a spare of group {@code g} if there is room; true if it was taken. */
  private boolean spare(int g, Peer peer) {
    Peer[] s = spares[g];
    int n = s == null ? 0 : s.length;
    for (int i = 0; i < n; i++) {
      if (s[i].id().equals(peer.id())) {
        s[i] = peer;
        return false;
      }
    }
    if (n >= perGroup) {
      return false;
    }
    Peer[] grown = new Peer[n + 1];
    if (s != null) {
      System.arraycopy(s, 0, grown, 0, n);
    }
    grown[n] = peer;
    spares[g] = grown;
    return true;
  }

  private void dropSpare(int g, Key id) {
    Peer[] s = spares[g];
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.length; i++) {
      if (s[i].id().equals(id)) {
        Peer[] shrunk = new Peer[s.length - 1];
        System.arraycopy(s, 0, shrunk, 0, i);
        System.arraycopy(s, i + 1, shrunk, i, s.length - i - 1);
        spares[g] = shrunk.length == 0 ? null : shrunk;
        return;
      }
    }
  }

  /** Number of spares held in all groups. */
  public int spares() {
    int n = 0;
    for (Peer[] s : spares) {
      n += s == null ? 0 : s.length;
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
    if (byId.containsKey(candidate.id())) {
      rtt(candidate.id(), rttNanos);
      return false;
    }
    if (offer(candidate, Long.MIN_VALUE + 1) == Offer.ADDED) {
      rtt(candidate.id(), rttNanos);
      return true;
    }
    candidates.remove(candidate.id());
    Contact[] s = slots[groups.groupOf(candidate.id())];
    int worst = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i].rttNanos > s[worst].rttNanos) {
        worst = i;
      }
    }
    if (rttNanos >= s[worst].rttNanos) {
      return false;
    }
    byId.remove(s[worst].peer.id());
    dropSpare(s[worst].group, candidate.id());
    spare(s[worst].group, s[worst].peer);
    Contact c = new Contact(candidate, s[worst].group, Long.MIN_VALUE + 1);
    c.rttNanos = rttNanos;
    s[worst] = c;
    byId.put(candidate.id(), c);
    return true;
  }

  /** Records a measured round-trip time of a contact. */
  public void rtt(Key id, long nanos) {
    Contact c = byId.get(id);
    if (c != null) {
      c.rttNanos = nanos;
    }
  }

  /** Removes a contact that failed or was reported dead; true if it was held. */
  public boolean remove(Key id) {
    return remove(id, 1);
  }

  /**
   * Removes a contact; true if it was held.
   *
   * @param nowMillis the node clock, from which a group left without contacts still counts as having
   *     members for a while (gossip refills a live group long before that)
   */
  public boolean remove(Key id, long nowMillis) {
    candidates.remove(id);
    Contact c = byId.remove(id);
    if (c == null) {
      return false;
    }
    Contact[] s = slots[c.group];
    Contact[] shrunk = new Contact[s.length - 1];
    int j = 0;
    for (Contact x : s) {
      if (x != c) {
        shrunk[j++] = x;
      }
    }
    slots[c.group] = shrunk.length == 0 ? null : shrunk;
    if (shrunk.length == 0) {
      knownGroups--;
      lostAtMillis[c.group] = Math.max(1, nowMillis);
    }
    dropSpare(c.group, id);
    // A spare takes the free slot; if it is dead too, the next failed request removes it.
    Peer[] sp = spares[c.group];
    if (sp != null) {
      Peer next = sp[0];
      dropSpare(c.group, next.id());
      offer(next, Long.MIN_VALUE + 1);
    }
    return true;
  }

  /** The contacts of group {@code g}, fastest first. */
  public List<Contact> of(int g) {
    Contact[] s = slots[g];
    if (s == null) {
      return List.of();
    }
    List<Contact> out = new ArrayList<>(List.of(s));
    out.sort(BY_RTT);
    return out;
  }

  /** Number of contacts held in group {@code g}. */
  public int size(int g) {
    Contact[] s = slots[g];
    return s == null ? 0 : s.length;
  }

  /** True if a contact in group {@code g} is held. */
  public boolean known(int g) {
    return slots[g] != null;
  }

  /**
   * True if group {@code g} counts as having members: a contact is held, or the last one was lost less
   * than the empty-after time ago. A lookup then keeps going to the group (through relays) instead of
   * moving to the next group, which does not hold its tuples.
   */
  public boolean known(int g, long nowMillis) {
    return slots[g] != null || (lostAtMillis[g] != 0 && nowMillis - lostAtMillis[g] < emptyAfterMillis);
  }

  /** True if the node is held as a contact, a spare or a candidate. */
  public boolean holds(Key id) {
    if (byId.containsKey(id) || candidates.containsKey(id)) {
      return true;
    }
    Peer[] s = spares[groups.groupOf(id)];
    if (s != null) {
      for (Peer p : s) {
        if (p.id().equals(id)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The contact with this id, or null. */
  public Contact get(Key id) {
    return byId.get(id);
  }

  /** A uniformly random contact, or null if none is held. */
  public Contact random(Random random) {
    if (knownGroups == 0) {
      return null;
    }
    // Picking a group first spreads exchanges evenly over groups.
    int start = random.nextInt(slots.length);
    for (int i = 0; i < slots.length; i++) {
      Contact[] s = slots[(start + i) % slots.length];
      if (s != null) {
        return s[random.nextInt(s.length)];
      }
    }
    return null;
  }

  /**
   * A random foreign group in which no contact is held, or -1 if every foreign group has one. Such a
   * group may be empty; asking costs a few bytes either way.
   */
  public int randomUnknownGroup(Random random) {
    int k = slots.length;
    if (knownGroups >= k - 1) {
      return -1;
    }
    int start = random.nextInt(k);
    for (int i = 0; i < k; i++) {
      int g = (start + i) % k;
      if (g != ownGroup && slots[g] == null) {
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
    for (Contact[] s : slots) {
      if (s != null) {
        out.addAll(List.of(s));
      }
    }
    return out;
  }
}
