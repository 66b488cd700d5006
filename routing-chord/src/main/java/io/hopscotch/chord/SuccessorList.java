package io.hopscotch.chord;

import io.hopscotch.core.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual node's successor list: up to r distinct contacts in clockwise order from the owner, the
 * first being its successor. It never contains the owner itself; an empty list means the owner is
 * alone on the ring (its successor is itself). Confined to the node's event loop.
 */
final class SuccessorList {

  private final Key self;
  private final int capacity;
  private List<Contact> list = List.of();

  SuccessorList(Key self, int capacity) {
    this.self = self;
    this.capacity = capacity;
  }

  /** The successor, or null if alone. */
  Contact first() {
    return list.isEmpty() ? null : list.get(0);
  }

  /** The list, nearest first (immutable). */
  List<Contact> asList() {
    return list;
  }

  /** Number of entries. */
  int size() {
    return list.size();
  }

  /**
   * Zave's successor-list repair: the list becomes {@code head} followed by {@code head}'s own list,
   * cut where it comes back round to this node, without duplicates, truncated to r. Entries that do
   * not go clockwise from here are dropped, so the list stays ordered.
   *
   * @return true if the list changed
   */
  boolean adopt(Contact head, List<Contact> headList) {
    List<Contact> next = new ArrayList<>(capacity);
    if (!head.id().equals(self)) {
      next.add(head);
    }
    for (Contact c : headList) {
      if (next.size() >= capacity || c.id().equals(self)) {
        break;
      }
      Key last = next.isEmpty() ? self : next.get(next.size() - 1).id();
      // Only strictly clockwise progress: a list that wraps past this node or repeats itself stops here.
      if (!c.id().inOpen(last, self)) {
        break;
      }
      next.add(c);
    }
    return replace(next);
  }

  /**
   * Removes a contact (dead or departed).
   *
   * @return true if it was present
   */
  boolean remove(Key id) {
    List<Contact> next = new ArrayList<>(list.size());
    for (Contact c : list) {
      if (!c.id().equals(id)) {
        next.add(c);
      }
    }
    return replace(next);
  }

  /** Removes every contact hosted by {@code hostId}; true if any was. */
  boolean removeHost(Key hostId) {
    List<Contact> next = new ArrayList<>(list.size());
    for (Contact c : list) {
      if (!c.hostedBy(hostId)) {
        next.add(c);
      }
    }
    return replace(next);
  }

  private boolean replace(List<Contact> next) {
    if (next.equals(list)) {
      return false;
    }
    list = List.copyOf(next);
    return true;
  }
}
