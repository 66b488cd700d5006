package io.hopscotch.search.supernode;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.search.flooding.FloodingMessages.HitItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ordinary nodes attached to a supernode share: one listing per attached node, indexed by
 * key. A supernode answers queries from its listings. Bounded: at most the supernode's capacity of
 * attached nodes and {@link #MAX_ITEMS_PER_NODE} items each. Confined to the node's event loop.
 */
public final class Listings {

  /** Most items listed for one attached node; more are refused. */
  public static final int MAX_ITEMS_PER_NODE = 10_000;

  /** One attached node. */
  public static final class Attached {
    private final Peer peer;
    private final boolean firewalled;
    private int score;
    private long lastHeardNanos;
    private final Map<Key, HitItem> items = new LinkedHashMap<>();

    Attached(Peer peer, boolean firewalled, int score, long nowNanos) {
      this.peer = peer;
      this.firewalled = firewalled;
      this.score = score;
      this.lastHeardNanos = nowNanos;
    }

    /** The node. */
    public Peer peer() {
      return peer;
    }

    /** True if it cannot accept inbound connections. */
    public boolean firewalled() {
      return firewalled;
    }

    /** Its last reported participation score, in thousandths. */
    public int score() {
      return score;
    }

    /** Number of items it lists. */
    public int itemCount() {
      return items.size();
    }
  }

  private final int capacity;
  private final Map<Key, Attached> nodes = new LinkedHashMap<>();
  private final Map<Key, Set<Key>> holdersByKey = new HashMap<>();

  /** Empty listings for at most {@code capacity} attached nodes. */
  public Listings(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Attaches a node (or refreshes it), replacing its listing with {@code items}.
   *
   * @return false if full
   */
  public boolean attach(Peer peer, boolean firewalled, int score, List<HitItem> items, long nowNanos) {
    Attached old = nodes.get(peer.id());
    if (old == null && nodes.size() >= capacity) {
      return false;
    }
    if (old != null) {
      detach(peer.id());
    }
    nodes.put(peer.id(), new Attached(peer, firewalled, score, nowNanos));
    update(peer.id(), items, List.of(), nowNanos);
    return true;
  }

  /** True if {@code id} is attached. */
  public boolean isAttached(Key id) {
    return nodes.containsKey(id);
  }

  /**
   * Applies listing changes of an attached node; items beyond {@link #MAX_ITEMS_PER_NODE} are ignored.
   *
   * @return the number of items now listed for it, or -1 if it is not attached
   */
  public int update(Key id, List<HitItem> added, List<Key> removed, long nowNanos) {
    Attached a = nodes.get(id);
    if (a == null) {
      return -1;
    }
    a.lastHeardNanos = nowNanos;
    for (Key k : removed) {
      if (a.items.remove(k) != null) {
        unindex(k, id);
      }
    }
    for (HitItem i : added) {
      if (a.items.containsKey(i.key()) || a.items.size() < MAX_ITEMS_PER_NODE) {
        a.items.put(i.key(), i);
        holdersByKey.computeIfAbsent(i.key(), k -> new java.util.LinkedHashSet<>()).add(id);
      }
    }
    return a.items.size();
  }

  private void unindex(Key item, Key holder) {
    Set<Key> s = holdersByKey.get(item);
    if (s != null) {
      s.remove(holder);
      if (s.isEmpty()) {
        holdersByKey.remove(item);
      }
    }
  }

  /** Notes a keep-alive; false if the node is not attached. */
  public boolean touch(Key id, int score, long nowNanos) {
    Attached a = nodes.get(id);
    if (a == null) {
      return false;
    }
    a.score = score;
    a.lastHeardNanos = nowNanos;
    return true;
  }

  /** Detaches a node and drops its listing; null if it was not attached. */
  public Attached detach(Key id) {
    Attached a = nodes.remove(id);
    if (a != null) {
      a.items.keySet().forEach(k -> unindex(k, id));
    }
    return a;
  }

  /** Detaches and returns the nodes not heard from since {@code nowNanos - timeoutNanos}. */
  public List<Attached> removeStale(long nowNanos, long timeoutNanos) {
    List<Attached> out = new ArrayList<>();
    Iterator<Attached> it = new ArrayList<>(nodes.values()).iterator();
    while (it.hasNext()) {
      Attached a = it.next();
      if (nowNanos - a.lastHeardNanos > timeoutNanos) {
        out.add(detach(a.peer.id()));
      }
    }
    return out;
  }

  /** A listed item with its holder. */
  public record Match(HitItem item, Attached holder) {
  }

  /** Items under {@code key}, one per holder, at most {@code limit}. */
  public List<Match> byKey(Key key, int limit) {
    List<Match> out = new ArrayList<>();
    for (Key h : holdersByKey.getOrDefault(key, Set.of())) {
      if (out.size() >= limit) {
        break;
      }
      Attached a = nodes.get(h);
      out.add(new Match(a.items.get(key), a));
    }
    return out;
  }

  /** Items carrying every word, at most {@code limit}. */
  public List<Match> byWords(List<String> words, int limit) {
    List<Match> out = new ArrayList<>();
    for (Attached a : nodes.values()) {
      for (HitItem i : a.items.values()) {
        if (out.size() >= limit) {
          return out;
        }
        if (!words.isEmpty() && i.keywords().containsAll(words)) {
          out.add(new Match(i, a));
        }
      }
    }
    return out;
  }

  /** The attached nodes, in attach order. */
  public List<Attached> attached() {
    return new ArrayList<>(nodes.values());
  }

  /** The attached node with the best score at or above {@code minScore} that is not firewalled, or null. */
  public Attached bestCandidate(int minScore) {
    return nodes.values().stream().filter(a -> !a.firewalled && a.score >= minScore)
        .max(Comparator.comparingInt((Attached a) -> a.score).thenComparing(a -> a.peer.id())).orElse(null);
  }

  /** Number of attached nodes. */
  public int size() {
    return nodes.size();
  }

  /** Number of items listed over all attached nodes. */
  public int itemCount() {
    return nodes.values().stream().mapToInt(a -> a.items.size()).sum();
  }
}
