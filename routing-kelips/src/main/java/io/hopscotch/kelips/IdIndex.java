package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import java.util.Arrays;

/**
 * An index from node id to a slot number (a non-negative int) in one of the flat tables of a node: open
 * addressing with linear probing over two arrays, about 16 bytes per id instead of the 60 or so of a
 * {@code HashMap<Key, Integer>} entry with its boxed value. Grows by doubling and never holds more ids than
 * the table it indexes (whose own bound applies). Not thread-safe: confined to the node's event loop.
 */
final class IdIndex {

  private static final int MIN_CAPACITY = 8;

  private Key[] keys;
  private int[] slots;
  private int size;

  /** An empty index. */
  IdIndex() {
    keys = new Key[MIN_CAPACITY];
    slots = new int[MIN_CAPACITY];
  }

  private static int mix(Key id) {
    int h = id.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private int find(Key id) {
    int mask = keys.length - 1;
    for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
      Key k = keys[i];
      if (k == null) {
        return -1 - i;
      }
      if (k.equals(id)) {
        return i;
      }
    }
  }

  /** The slot of {@code id}, or -1 if it is not indexed. */
  int get(Key id) {
    int i = find(id);
    return i < 0 ? -1 : slots[i];
  }

  /** True if {@code id} is indexed. */
  boolean contains(Key id) {
    return find(id) >= 0;
  }

  /**
   * Indexes {@code id} at {@code slot}, replacing the slot it had.
   *
   * @throws IllegalArgumentException if the slot is negative
   */
  void put(Key id, int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot);
    }
    int i = find(id);
    if (i >= 0) {
      slots[i] = slot;
      return;
    }
    if (2 * (size + 1) > keys.length) {
      grow();
      i = find(id);
    }
    i = -1 - i;
    keys[i] = id;
    slots[i] = slot;
    size++;
  }

  /** Removes {@code id}; returns the slot it had, or -1 if it was not indexed. */
  int remove(Key id) {
    int i = find(id);
    if (i < 0) {
      return -1;
    }
    int slot = slots[i];
    int mask = keys.length - 1;
    // Backward-shift deletion: later ids of the same probe run move into the hole, so no tombstones pile up.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
      int home = mix(keys[j]) & mask;
      boolean between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        keys[hole] = keys[j];
        slots[hole] = slots[j];
        hole = j;
      }
    }
    keys[hole] = null;
    slots[hole] = 0;
    size--;
    return slot;
  }

  /** Number of ids indexed. */
  int size() {
    return size;
  }

  /** Forgets every id. */
  void clear() {
    Arrays.fill(keys, null);
    size = 0;
  }

  private void grow() {
    Key[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new Key[oldKeys.length * 2];
    slots = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      Key k = oldKeys[j];
      if (k != null) {
        int i = mix(k) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        slots[i] = oldSlots[j];
      }
    }
  }
}
