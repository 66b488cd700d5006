package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.function.Predicate;

/**
 * The verified signed entries a node holds, one per node id: an open-addressing table of the entries
 * themselves (the id is the entry's peer id), 5 to 10 bytes per entry (at most three quarters full) instead of the 40 or so of a
 * {@code HashMap} node. Each slot keeps one byte of its id's hash beside it, so a probe compares that
 * byte and follows the entry's pointers only on a match: at three quarters full a miss visits about
 * eight slots, and following each one's entry, peer and id was a third of a large simulation's time. In the simulator the entry objects are shared by every node that holds them, so
 * this table is all a holder pays. Grows by doubling; its callers bound it (see {@link Gossip}). Confined
 * to the node's event loop.
 */
final class EntryTable {

  private static final int MIN_CAPACITY = 16;

  private MemberEntry[] table = new MemberEntry[MIN_CAPACITY];
  /** The top byte of each slot's {@link #mix}, valid where {@code table} holds an entry. */
  private byte[] tags = new byte[MIN_CAPACITY];
  private int size;

  private static int mix(Key id) {
    int h = id.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static byte tag(int mixed) {
    return (byte) (mixed >>> 24);
  }

  private int find(Key id) {
    int h = mix(id);
    byte tag = tag(h);
    int mask = table.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      MemberEntry e = table[i];
      if (e == null) {
        return -1 - i;
      }
      if (tags[i] == tag && e.peer().id().equals(id)) {
        return i;
      }
    }
  }

  /** The entry of node {@code id}, or null. */
  MemberEntry get(Key id) {
    int i = find(id);
    return i < 0 ? null : table[i];
  }

  /** Keeps {@code e}, replacing the entry held for its node. */
  void put(MemberEntry e) {
    int i = find(e.peer().id());
    if (i >= 0) {
      table[i] = e;
      return;
    }
    if (4 * (size + 1) > 3 * table.length) {
      rehash(table.length * 2);
      i = find(e.peer().id());
    }
    table[-1 - i] = e;
    tags[-1 - i] = tag(mix(e.peer().id()));
    size++;
  }

  /** Number of entries held. */
  int size() {
    return size;
  }

  /** Drops the entries of the nodes {@code drop} accepts, and shrinks the table to fit the rest. */
  void removeIf(Predicate<Key> drop) {
    MemberEntry[] old = table;
    int kept = 0;
    for (int j = 0; j < old.length; j++) {
      if (old[j] != null && drop.test(old[j].peer().id())) {
        old[j] = null;
      } else if (old[j] != null) {
        kept++;
      }
    }
    int capacity = MIN_CAPACITY;
    while (3 * capacity < 4 * kept + 4) {
      capacity *= 2;
    }
    size = kept;
    rehashFrom(old, capacity);
  }

  private void rehash(int capacity) {
    rehashFrom(table, capacity);
  }

  private void rehashFrom(MemberEntry[] old, int capacity) {
    table = new MemberEntry[capacity];
    tags = new byte[capacity];
    int mask = capacity - 1;
    for (MemberEntry e : old) {
      if (e != null) {
        int h = mix(e.peer().id());
        int i = h & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = e;
        tags[i] = tag(h);
      }
    }
  }
}
