package io.hopscotch.search.central;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The index an index server keeps: for every client its contact, lease and shared items; for every
 * key the clients that hold it; for every keyword the keys that carry it. Pure data: it verifies
 * nothing (the server checks signatures before calling {@link #apply}) and takes the time as an
 * argument, so it can be tested on its own.
 *
 * <p>Bounded: at most {@code maxEntries} (client, key) entries in all and {@code maxPerClient} per
 * client; a registration that would exceed either is refused whole with {@link Refused}.
 * Not thread-safe: it lives on the server node's event loop.
 */
public final class IndexTable {

  /** A registration or snapshot the table will not take; the message says why. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the reason. */
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * A client that holds a key, with the size of its copy.
   *
   * @param peer where to fetch it
   * @param size value size in bytes
   */
  public record Holder(Peer peer, long size) {
  }

  /**
   * One search result: a key whose keywords include every searched word.
   *
   * @param key the key
   * @param keywords the keywords of the first matching holder's item
   * @param holders clients holding it with matching keywords
   * @param size the first matching holder's size
   */
  public record Hit(Key key, List<String> keywords, List<Peer> holders, long size) {
    /** Copies the lists. */
    public Hit {
      keywords = List.copyOf(keywords);
      holders = List.copyOf(holders);
    }
  }

  /**
   * A page of a snapshot.
   *
   * @param clients the clients' parts, in client id order
   * @param more true if another page follows
   * @param nextClient cursor to pass back for the next page: the last client in this page
   * @param nextKey cursor: the last item key of {@code nextClient} in this page (null: start of that client)
   */
  public record Page(List<ClientSnapshot> clients, boolean more, Key nextClient, Key nextKey) {
  }

  private static final class Client {
    Peer peer;
    byte[] publicKey;
    long lastSeq;
    long leaseExpiresAt;
    final TreeMap<Key, SharedItem> items = new TreeMap<>();
  }

  private final int maxEntries;
  private final int maxPerClient;
  private final TreeMap<Key, Client> clients = new TreeMap<>();
  private final Map<Key, Map<Key, Client>> holders = new HashMap<>();
  private final Map<String, Map<Key, Integer>> postings = new HashMap<>();
  private int entries;

  /**
   * An empty table.
   *
   * @param maxEntries most (client, key) entries in all, at least 1
   * @param maxPerClient most entries of one client, at least 1
   */
  public IndexTable(int maxEntries, int maxPerClient) {
    if (maxEntries < 1 || maxPerClient < 1) {
      throw new IllegalArgumentException("index bounds must be positive: maxEntries=" + maxEntries + " maxPerClient=" + maxPerClient);
    }
    this.maxEntries = maxEntries;
    this.maxPerClient = maxPerClient;
  }

  /**
   * Applies a registration whose signature and sender the caller has already checked.
   *
   * @param r the registration
   * @param nowMillis the server's time
   * @param maxLeaseMillis the longest lease the server grants from now
   * @return the number of entries the client holds afterwards
   * @throws Refused if the sequence number is not new, the lease already ran out, or a bound would be exceeded;
   *     the table is then unchanged
   */
  public int apply(Registration r, long nowMillis, long maxLeaseMillis) {
    Key id = r.client();
    Client c = clients.get(id);
    if (c != null && c.leaseExpiresAt <= nowMillis) {
      drop(id);
      c = null;
    }
    if (c != null && r.seq() <= c.lastSeq) {
      throw new Refused("stale registration from " + id + ": sequence " + r.seq() + " is not after " + c.lastSeq);
    }
    if (r.leaseExpiresAtMillis() <= nowMillis) {
      throw new Refused("registration from " + id + " asks for a lease that ended at " + r.leaseExpiresAtMillis()
          + " (server time " + nowMillis + ")");
    }
    Set<Key> after = new HashSet<>();
    if (c != null && !r.replace()) {
      after.addAll(c.items.keySet());
    }
    r.removed().forEach(after::remove);
    r.items().forEach(i -> after.add(i.key()));
    int before = c == null ? 0 : c.items.size();
    if (after.size() > maxPerClient) {
      throw new Refused("client " + id + " would register " + after.size() + " items; the limit per client is " + maxPerClient);
    }
    if (entries - before + after.size() > maxEntries && expire(nowMillis) > 0) {
      c = clients.get(id); // expired clients no longer count against the bound
      before = c == null ? 0 : c.items.size();
    }
    if (entries - before + after.size() > maxEntries) {
      throw new Refused("index full: " + entries + " entries, limit " + maxEntries + "; registration of "
          + r.items().size() + " items from " + id + " refused");
    }
    if (c == null) {
      c = new Client();
      clients.put(id, c);
    }
    c.peer = r.peer();
    c.publicKey = r.publicKey();
    c.lastSeq = r.seq();
    c.leaseExpiresAt = Math.min(r.leaseExpiresAtMillis(), nowMillis + maxLeaseMillis);
    if (r.replace()) {
      for (Key k : List.copyOf(c.items.keySet())) {
        removeItem(id, c, k);
      }
    }
    for (Key k : r.removed()) {
      removeItem(id, c, k);
    }
    for (SharedItem i : r.items()) {
      addItem(id, c, i);
    }
    return c.items.size();
  }

  /**
   * Merges a snapshot part from a primary: the client's newest sequence number and lease win, items
   * are added. Items beyond the bounds are dropped (and counted in the return value).
   *
   * @return number of items that did not fit
   */
  public int merge(ClientSnapshot s) {
    Key id = s.peer().id();
    Client c = clients.get(id);
    if (c == null) {
      c = new Client();
      c.peer = s.peer();
      c.publicKey = s.publicKey();
      clients.put(id, c);
    }
    if (s.lastSeq() >= c.lastSeq) {
      c.peer = s.peer();
      c.publicKey = s.publicKey();
    }
    c.lastSeq = Math.max(c.lastSeq, s.lastSeq());
    c.leaseExpiresAt = Math.max(c.leaseExpiresAt, s.leaseExpiresAtMillis());
    int dropped = 0;
    for (SharedItem i : s.items()) {
      boolean fresh = !c.items.containsKey(i.key());
      if (fresh && (c.items.size() >= maxPerClient || entries >= maxEntries)) {
        dropped++;
        continue;
      }
      addItem(id, c, i);
    }
    return dropped;
  }

  private void addItem(Key id, Client c, SharedItem i) {
    SharedItem old = c.items.put(i.key(), i);
    if (old != null) {
      unpost(old);
    } else {
      entries++;
      holders.computeIfAbsent(i.key(), k -> new LinkedHashMap<>(4)).put(id, c);
    }
    for (String w : i.keywords()) {
      postings.computeIfAbsent(w, x -> new HashMap<>()).merge(i.key(), 1, Integer::sum);
    }
  }

  private void removeItem(Key id, Client c, Key key) {
    SharedItem old = c.items.remove(key);
    if (old == null) {
      return;
    }
    entries--;
    unpost(old);
    Map<Key, Client> h = holders.get(key);
    if (h != null) {
      h.remove(id);
      if (h.isEmpty()) {
        holders.remove(key);
      }
    }
  }

  private void unpost(SharedItem old) {
    for (String w : old.keywords()) {
      Map<Key, Integer> p = postings.get(w);
      if (p != null && p.merge(old.key(), -1, Integer::sum) <= 0) {
        p.remove(old.key());
        if (p.isEmpty()) {
          postings.remove(w);
        }
      }
    }
  }

  /** Removes a client and all its entries; returns how many entries it had. */
  public int drop(Key client) {
    Client c = clients.remove(client);
    if (c == null) {
      return 0;
    }
    int n = c.items.size();
    for (Key k : List.copyOf(c.items.keySet())) {
      removeItem(client, c, k);
    }
    return n;
  }

  /** Removes every client whose lease ran out by {@code nowMillis}; returns how many entries went. */
  public int expire(long nowMillis) {
    List<Key> dead = new ArrayList<>();
    clients.forEach((id, c) -> {
      if (c.leaseExpiresAt <= nowMillis) {
        dead.add(id);
      }
    });
    int n = 0;
    for (Key id : dead) {
      n += drop(id);
    }
    return n;
  }

  /** Clients with a live lease holding {@code key}, at most {@code limit}. */
  public List<Holder> holders(Key key, long nowMillis, int limit) {
    Map<Key, Client> h = holders.get(key);
    if (h == null) {
      return List.of();
    }
    List<Holder> out = new ArrayList<>(Math.min(h.size(), limit));
    for (Client c : h.values()) {
      if (c.leaseExpiresAt > nowMillis) {
        out.add(new Holder(c.peer, c.items.get(key).size()));
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Keys whose items carry every word of {@code words}, held by clients with a live lease.
   *
   * @param words normalised words, at least one
   * @param limit most hits
   * @param maxHolders most holders listed per hit
   */
  public List<Hit> search(List<String> words, long nowMillis, int limit, int maxHolders) {
    if (words.isEmpty() || limit <= 0) {
      return List.of();
    }
    Map<Key, Integer> rarest = null;
    for (String w : words) {
      Map<Key, Integer> p = postings.get(w);
      if (p == null) {
        return List.of();
      }
      if (rarest == null || p.size() < rarest.size()) {
        rarest = p;
      }
    }
    List<Key> candidates = new ArrayList<>(rarest.keySet());
    candidates.sort(Comparator.naturalOrder()); // a stable order, whatever the hash layout
    List<Hit> out = new ArrayList<>();
    for (Key k : candidates) {
      List<Peer> peers = new ArrayList<>();
      SharedItem first = null;
      for (Client c : holders.getOrDefault(k, Map.of()).values()) {
        SharedItem i = c.items.get(k);
        if (c.leaseExpiresAt > nowMillis && i.keywords().containsAll(words)) {
          if (first == null) {
            first = i;
          }
          if (peers.size() < maxHolders) {
            peers.add(c.peer);
          }
        }
      }
      if (first != null) {
        out.add(new Hit(k, first.keywords(), peers, first.size()));
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * A page of the whole table, for a standby: clients in id order, after the cursor.
   *
   * @param afterClient null to start at the beginning, else the {@link Page#nextClient()} of the last page
   * @param afterKey the {@link Page#nextKey()} of the last page (null: all of {@code afterClient} was sent)
   * @param maxItems most items in the page, at least 1
   */
  public Page page(Key afterClient, Key afterKey, int maxItems) {
    int budget = Math.max(1, Math.min(maxItems, ClientSnapshot.MAX_ITEMS));
    List<ClientSnapshot> out = new ArrayList<>();
    Map<Key, Client> rest = afterClient == null ? clients
        : afterKey == null ? clients.tailMap(afterClient, false) : clients.tailMap(afterClient, true);
    Iterator<Map.Entry<Key, Client>> it = rest.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Client> e = it.next();
      Client c = e.getValue();
      Map<Key, SharedItem> items = (afterKey != null && e.getKey().equals(afterClient)) ? c.items.tailMap(afterKey, false) : c.items;
      List<SharedItem> part = new ArrayList<>();
      Key last = null;
      for (SharedItem i : items.values()) {
        if (part.size() >= budget) {
          break;
        }
        part.add(i);
        last = i.key();
      }
      budget -= part.size();
      out.add(new ClientSnapshot(c.peer, c.publicKey, c.lastSeq, c.leaseExpiresAt, part));
      boolean clientDone = part.size() == items.size();
      if (!clientDone) {
        return new Page(out, true, e.getKey(), last);
      }
      if (budget <= 0) {
        return new Page(out, it.hasNext(), e.getKey(), null);
      }
    }
    return new Page(out, false, null, null);
  }

  /** Number of (client, key) entries. */
  public int size() {
    return entries;
  }

  /** Number of clients registered (lease live or not yet swept). */
  public int clients() {
    return clients.size();
  }

  /** Number of entries of {@code client}. */
  public int entriesOf(Key client) {
    Client c = clients.get(client);
    return c == null ? 0 : c.items.size();
  }

  /** Number of distinct keywords indexed. */
  public int keywords() {
    return postings.size();
  }

  /** The last sequence number accepted from {@code client}, or -1 if unknown. */
  public long lastSeq(Key client) {
    Client c = clients.get(client);
    return c == null ? -1 : c.lastSeq;
  }
}
