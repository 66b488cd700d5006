package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * The neighbourhood set: the M nodes with the smallest round-trip times this node has measured. It is
 * not used for routing; a joining node takes its bootstrap's set as its first proximity candidates.
 */
final class NeighbourhoodSet {

  private final int capacity;
  private final List<Peer> peers = new ArrayList<>();
  private final List<Long> rtts = new ArrayList<>();

  NeighbourhoodSet(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Offers a peer with its measured round trip; keeps the M nearest.
   *
   * @return true if the peer is now a member
   */
  boolean offer(Peer p, long rttNanos) {
    if (capacity == 0) {
      return false;
    }
    remove(p.id());
    int i = 0;
    while (i < peers.size() && rtts.get(i) <= rttNanos) {
      i++;
    }
    if (i >= capacity) {
      return false;
    }
    peers.add(i, p);
    rtts.add(i, rttNanos);
    if (peers.size() > capacity) {
      peers.remove(peers.size() - 1);
      rtts.remove(rtts.size() - 1);
    }
    return true;
  }

  /** Removes {@code id}; true if it was a member. */
  boolean remove(Key id) {
    for (int i = 0; i < peers.size(); i++) {
      if (peers.get(i).id().equals(id)) {
        peers.remove(i);
        rtts.remove(i);
        return true;
      }
    }
    return false;
  }

  /** True if {@code id} is a member. */
  boolean contains(Key id) {
    for (Peer p : peers) {
      if (p.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Members, nearest first. */
  List<Peer> members() {
    return List.copyOf(peers);
  }

  /** Number of members. */
  int size() {
    return peers.size();
  }
}
