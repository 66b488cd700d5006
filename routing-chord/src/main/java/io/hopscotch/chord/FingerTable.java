package io.hopscotch.chord;

import io.hopscotch.core.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual node's finger table: finger i should be successor(n + 2<sup>i</sup>) for i in 0..159.
 * Slots may be empty (unknown). Closest-preceding-node queries also consult the successor list.
 * Confined to the node's event loop.
 */
final class FingerTable {

  private final Key self;
  private final Contact[] fingers = new Contact[Key.BITS];

  FingerTable(Key self) {
    this.self = self;
  }

  /** The start of finger {@code i}: n + 2<sup>i</sup>. */
  Key start(int i) {
    return self.addPowerOfTwo(i);
  }

  /** Finger {@code i}, or null if unknown. */
  Contact get(int i) {
    return fingers[i];
  }

  /** Sets finger {@code i} (null clears it). */
  void set(int i, Contact c) {
    fingers[i] = c != null && c.id().equals(self) ? null : c;
  }

  /** Clears every finger equal to {@code id}; returns how many. */
  int remove(Key id) {
    int n = 0;
    for (int i = 0; i < fingers.length; i++) {
      if (fingers[i] != null && fingers[i].id().equals(id)) {
        fingers[i] = null;
        n++;
      }
    }
    return n;
  }

  /** Clears every finger hosted by {@code hostId}. */
  void removeHost(Key hostId) {
    for (int i = 0; i < fingers.length; i++) {
      if (fingers[i] != null && fingers[i].hostedBy(hostId)) {
        fingers[i] = null;
      }
    }
  }

  /** Distinct fingers in ring order from this node. */
  List<Contact> distinct() {
    List<Contact> out = new ArrayList<>();
    Contact last = null;
    for (Contact c : fingers) {
      if (c != null && (last == null || !c.id().equals(last.id())) && out.stream().noneMatch(x -> x.id().equals(c.id()))) {
        out.add(c);
        last = c;
      }
    }
    return out;
  }

  /**
   * Fills the table from someone else's contacts (a joining node copies its successor's fingers): for
   * each empty slot, the first known contact at or after its start.
   */
  void seed(List<Contact> known) {
    if (known.isEmpty()) {
      return;
    }
    for (int i = 0; i < fingers.length; i++) {
      if (fingers[i] != null) {
        continue;
      }
      Key start = start(i);
      Contact best = null;
      Key bestDistance = null;
      for (Contact c : known) {
        if (c.id().equals(self)) {
          continue;
        }
        Key d = start.clockwiseDistance(c.id());
        if (bestDistance == null || d.compareTo(bestDistance) < 0) {
          best = c;
          bestDistance = d;
        }
      }
      fingers[i] = best;
    }
  }

  /**
   * Up to {@code max} known contacts that lie strictly between this node and {@code key}, closest to the
   * key first: the next hops of a lookup, with fall-backs in case the best one is dead.
   */
  List<Contact> closestPreceding(Key key, List<Contact> successors, int max) {
    return closestPreceding(key, successors, max, java.util.Set.of());
  }

  /** As {@link #closestPreceding(Key, List, int)}, skipping the contacts whose ids are in {@code skip}. */
  List<Contact> closestPreceding(Key key, List<Contact> successors, int max, java.util.Set<Key> skip) {
    List<Contact> out = new ArrayList<>(max + 1);
    // Fingers are ordered by distance from self, so scanning from the top yields the closest first.
    for (int i = fingers.length - 1; i >= 0 && out.size() < max; i--) {
      if (fingers[i] == null || !skip.contains(fingers[i].id())) {
        offer(out, fingers[i], key, max);
      }
    }
    for (Contact c : successors) {
      if (!skip.contains(c.id())) {
        offer(out, c, key, max);
      }
    }
    out.sort((a, b) -> a.id().clockwiseDistance(key).compareTo(b.id().clockwiseDistance(key)));
    return out.size() > max ? out.subList(0, max) : out;
  }

  private void offer(List<Contact> out, Contact c, Key key, int max) {
    if (c == null || !c.id().inOpen(self, key)) {
      return;
    }
    for (Contact x : out) {
      if (x.id().equals(c.id())) {
        return;
      }
    }
    out.add(c);
  }

  /** Number of distinct fingers known. */
  int distinctCount() {
    int n = 0;
    Contact last = null;
    for (Contact c : fingers) {
      if (c != null && (last == null || !c.id().equals(last.id()))) {
        n++;
        last = c;
      }
    }
    return n;
  }
}
