package io.hopscotch.search.flooding;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A node's neighbour links and the host cache it replaces lost neighbours from. A node opens links
 * until it has its target degree and accepts inbound links up to a maximum; a neighbour not heard
 * from for a while is dropped, and candidates from the host cache (peers learnt from pongs and
 * connect answers) take its place. Links ended by rewiring are remembered for a while, so replies
 * already travelling over them still arrive. Bounded: at most the maximum degree of links, four times
 * that of ended links, and a fixed number of cached hosts, the least recently learnt going first.
 * Confined to the node's event loop.
 */
public final class NeighbourSet {

  /** One link. */
  public static final class Link {
    private final Peer peer;
    private final boolean firewalled;
    private final boolean outbound;
    private long lastHeardNanos;

    Link(Peer peer, boolean firewalled, boolean outbound, long nowNanos) {
      this.peer = peer;
      this.firewalled = firewalled;
      this.outbound = outbound;
      this.lastHeardNanos = nowNanos;
    }

    /** The neighbour. */
    public Peer peer() {
      return peer;
    }

    /** True if the neighbour cannot accept inbound connections. */
    public boolean firewalled() {
      return firewalled;
    }

    /** True if this node opened the link. */
    public boolean outbound() {
      return outbound;
    }

    /** When the neighbour was last heard from, in nanoseconds of the node clock. */
    public long lastHeardNanos() {
      return lastHeardNanos;
    }
  }

  private final Key self;
  private final int target;
  private final int max;
  private final int hostMax;
  private final LinkedHashMap<Key, Link> links = new LinkedHashMap<>();
  private final LinkedHashMap<Key, Peer> hosts = new LinkedHashMap<>();
  /** Links ended by rewiring, with when they ended: replies still on their way over them are welcome. */
  private final LinkedHashMap<Key, Long> retired = new LinkedHashMap<>();

  /**
   * An empty set.
   *
   * @param self this node's id, never linked or cached
   * @param target links this node opens
   * @param max most links kept
   * @param hostMax most hosts cached
   */
  public NeighbourSet(Key self, int target, int max, int hostMax) {
    this.self = self;
    this.target = target;
    this.max = max;
    this.hostMax = hostMax;
  }

  /** True if {@code id} is a neighbour. */
  public boolean contains(Key id) {
    return links.containsKey(id);
  }

  /** The link to {@code id}, or null. */
  public Link get(Key id) {
    return links.get(id);
  }

  /**
   * Adds a link (or keeps the existing one).
   *
   * @return true if added, false if it existed, is this node, or the set is full
   */
  public boolean add(Peer peer, boolean firewalled, boolean outbound, long nowNanos) {
    if (peer.id().equals(self) || links.containsKey(peer.id()) || links.size() >= max) {
      return false;
    }
    links.put(peer.id(), new Link(peer, firewalled, outbound, nowNanos));
    return true;
  }

  /** Removes a link; true if there was one. */
  public boolean remove(Key id) {
    return links.remove(id) != null;
  }

  /**
   * Remembers that the link to {@code id} was just ended by rewiring (by either end), so replies already
   * travelling back over it, such as query hits on a query's reverse path, are still accepted for a
   * while. At most four times the maximum degree are remembered, the oldest going first.
   */
  public void retire(Key id, long nowNanos) {
    retired.remove(id);
    retired.put(id, nowNanos);
    while (retired.size() > 4 * max) {
      Iterator<Map.Entry<Key, Long>> it = retired.entrySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** True if the link to {@code id} ended by rewiring less than {@code windowNanos} ago (and is not linked again). */
  public boolean recentlyRetired(Key id, long nowNanos, long windowNanos) {
    Long at = retired.get(id);
    return at != null && nowNanos - at <= windowNanos;
  }

  /** Notes that a neighbour was heard from. */
  public void touch(Key id, long nowNanos) {
    Link l = links.get(id);
    if (l != null) {
      l.lastHeardNanos = nowNanos;
    }
  }

  /** The neighbours, in link order. */
  public List<Peer> peers() {
    List<Peer> out = new ArrayList<>(links.size());
    links.values().forEach(l -> out.add(l.peer));
    return out;
  }

  /** The links, in link order. */
  public List<Link> links() {
    return new ArrayList<>(links.values());
  }

  /** Number of links this node opened. */
  public int outboundCount() {
    int n = 0;
    for (Link l : links.values()) {
      if (l.outbound) {
        n++;
      }
    }
    return n;
  }

  /** The link this node opened longest ago, or null if it opened none. */
  public Peer oldestOutbound() {
    for (Link l : links.values()) {
      if (l.outbound) {
        return l.peer;
      }
    }
    return null;
  }

  /** Number of links. */
  public int size() {
    return links.size();
  }

  /** True if no further link is accepted. */
  public boolean full() {
    return links.size() >= max;
  }

  /** Links still to open to reach the target degree. */
  public int deficit() {
    return Math.max(0, target - links.size());
  }

  /** Removes and returns the neighbours not heard from since {@code nowNanos - timeoutNanos}. */
  public List<Peer> removeStale(long nowNanos, long timeoutNanos) {
    List<Peer> out = new ArrayList<>();
    Iterator<Link> it = links.values().iterator();
    while (it.hasNext()) {
      Link l = it.next();
      if (nowNanos - l.lastHeardNanos > timeoutNanos) {
        out.add(l.peer);
        it.remove();
      }
    }
    return out;
  }

  /** Caches a host to link to later (ignored for this node). */
  public void learn(Peer peer) {
    if (peer.id().equals(self)) {
      return;
    }
    hosts.remove(peer.id());
    hosts.put(peer.id(), peer);
    while (hosts.size() > hostMax) {
      Iterator<Map.Entry<Key, Peer>> it = hosts.entrySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Forgets a cached host (it did not answer). */
  public void forget(Key id) {
    hosts.remove(id);
  }

  /** Number of cached hosts. */
  public int hostCount() {
    return hosts.size();
  }

  /** Up to {@code n} cached hosts that are not neighbours and not in {@code exclude}, in random order. */
  public List<Peer> candidates(int n, java.util.Set<Key> exclude, Random random) {
    List<Peer> all = new ArrayList<>();
    for (Peer p : hosts.values()) {
      if (!links.containsKey(p.id()) && !exclude.contains(p.id())) {
        all.add(p);
      }
    }
    Collections.shuffle(all, random);
    return all.size() <= n ? all : all.subList(0, n);
  }

  /**
   * Up to {@code n} peers drawn at random from the neighbours that accept connections and the cached
   * hosts together, none {@code exclude}. Passing such samples around (rather than always the same
   * neighbours) keeps every node's host cache a well-mixed sample of the whole overlay.
   */
  public List<Peer> sample(int n, Key exclude, Random random) {
    List<Peer> all = new ArrayList<>(links.size() + hosts.size());
    for (Link l : links.values()) {
      if (!l.firewalled && !l.peer.id().equals(exclude)) {
        all.add(l.peer);
      }
    }
    for (Peer p : hosts.values()) {
      if (!links.containsKey(p.id()) && !p.id().equals(exclude)) {
        all.add(p);
      }
    }
    Collections.shuffle(all, random);
    return all.size() <= n ? all : new ArrayList<>(all.subList(0, n));
  }
}
