package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaf set: the L/2 nodes with the numerically closest larger ids (clockwise) and the L/2 with the
 * closest smaller ids (counter-clockwise). In a ring of at most L/2 + 1 nodes one node may sit on both
 * sides, and a side with fewer than L/2 members means the node knows the whole ring.
 */
final class LeafSet {

  private final Peer self;
  private final int half;
  // Each side is sorted by distance from self going its way round the ring, nearest first.
  private final List<Peer> right = new ArrayList<>();
  private final List<Peer> left = new ArrayList<>();

  LeafSet(Peer self, int size) {
    this.self = self;
    this.half = size / 2;
  }

  /** Members on the clockwise side, nearest first. */
  List<Peer> right() {
    return List.copyOf(right);
  }

  /** Members on the counter-clockwise side, nearest first. */
  List<Peer> left() {
    return List.copyOf(left);
  }

  /** Capacity of one side, L/2. */
  int half() {
    return half;
  }

  /** Every distinct member, right side first. */
  List<Peer> members() {
    List<Peer> out = new ArrayList<>(right.size() + left.size() + 1);
    out.addAll(right);
    for (Peer p : left) {
      if (indexOf(right, p.id()) < 0) {
        out.add(p);
      }
    }
    return out;
  }

  /** Number of distinct members. */
  int size() {
    int n = right.size();
    for (Peer p : left) {
      if (indexOf(right, p.id()) < 0) {
        n++;
      }
    }
    return n;
  }

  boolean contains(Key id) {
    return indexOf(right, id) >= 0 || indexOf(left, id) >= 0;
  }

  /** True if {@code id} would enter a side of the leaf set where it is not yet (in a small ring a node sits on both). */
  boolean wouldAdd(Key id) {
    if (id.equals(self.id())) {
      return false;
    }
    return (indexOf(right, id) < 0 && admits(right, self.id().clockwiseDistance(id), true))
        || (indexOf(left, id) < 0 && admits(left, id.clockwiseDistance(self.id()), false));
  }

  private boolean admits(List<Peer> side, Key distance, boolean clockwise) {
    return side.size() < half || distance.compareTo(distanceOf(side.get(side.size() - 1), clockwise)) <= 0;
  }

  /**
   * Inserts {@code p} where it belongs (either or both sides).
   *
   * @return true if the membership changed
   */
  boolean offer(Peer p) {
    if (p.id().equals(self.id())) {
      return false;
    }
    boolean a = insert(right, p, true);
    boolean b = insert(left, p, false);
    return a || b;
  }

  private Key distanceOf(Peer p, boolean clockwise) {
    return clockwise ? self.id().clockwiseDistance(p.id()) : p.id().clockwiseDistance(self.id());
  }

  private boolean insert(List<Peer> side, Peer p, boolean clockwise) {
    int existing = indexOf(side, p.id());
    if (existing >= 0) {
      side.set(existing, p); // a newer address for the same id
      return false;
    }
    Key d = distanceOf(p, clockwise);
    int i = 0;
    while (i < side.size() && distanceOf(side.get(i), clockwise).compareTo(d) < 0) {
      i++;
    }
    if (i >= half) {
      return false;
    }
    side.add(i, p);
    if (side.size() > half) {
      side.remove(side.size() - 1);
    }
    return true;
  }

  /** Removes {@code id} from both sides; true if it was there. */
  boolean remove(Key id) {
    boolean a = removeFrom(right, id);
    boolean b = removeFrom(left, id);
    return a || b;
  }

  private static boolean removeFrom(List<Peer> side, Key id) {
    int i = indexOf(side, id);
    if (i >= 0) {
      side.remove(i);
      return true;
    }
    return false;
  }

  private static int indexOf(List<Peer> side, Key id) {
    for (int i = 0; i < side.size(); i++) {
      if (side.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * True if {@code key} lies within the leaf set's range, between the farthest member on the left and the
   * farthest on the right; always true when a side is not full or
   * the two sides share a member (the node then knows the whole ring).
   */
  boolean covers(Key key) {
    if (right.size() < half || left.size() < half || size() < 2 * half) {
      return true; // a side not full, or the sides overlap: the members go all round the ring
    }
    Key from = left.get(left.size() - 1).id();
    Key to = right.get(right.size() - 1).id();
    return from.clockwiseDistance(key).compareTo(from.clockwiseDistance(to)) <= 0;
  }

  /** The {@code count} nodes numerically closest to {@code key} among the members and this node, closest first. */
  List<Peer> closest(Key key, int count) {
    List<Peer> all = members();
    all.add(self);
    all.sort(Distance.toPeer(key));
    return all.subList(0, Math.min(count, all.size()));
  }

  /** The farthest member on the clockwise side, or null. */
  Peer farthestRight() {
    return right.isEmpty() ? null : right.get(right.size() - 1);
  }

  /** The farthest member on the counter-clockwise side, or null. */
  Peer farthestLeft() {
    return left.isEmpty() ? null : left.get(left.size() - 1);
  }

  /** True if {@code id} is on the clockwise side. */
  boolean onRight(Key id) {
    return indexOf(right, id) >= 0;
  }
}
