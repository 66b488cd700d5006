package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import java.util.function.IntPredicate;

/**
 * Group arithmetic: k affinity groups; a node's group is its id mod k, an item's group its key mod k
 * (both ids are SHA-1 values, so groups fill evenly).
 *
 * <p>A group can be empty, in a small overlay or after many failures. Then its items live in the
 * <em>home group</em>: the first group at or after the item's own group, going round, that has a member
 * the node knows of. Once views converge every node computes the same home, and an empty group that
 * gains a member takes its items back (see {@link KelipsRouting}).
 */
public final class AffinityGroups {

  private final int k;

  /**
   * Groups.
   *
   * @param k number of groups, at least 1
   * @throws IllegalArgumentException if k is not positive
   */
  public AffinityGroups(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("number of groups must be at least 1, got " + k);
    }
    this.k = k;
  }

  /** Number of groups. */
  public int count() {
    return k;
  }

  /** The group of a node id or an item key: {@code key mod k}. */
  public int groupOf(Key key) {
    return key.mod(k);
  }

  /**
   * The group that holds an item's tuples: the item's own group if it has a known member, otherwise the
   * next such group going round. The own group always counts as known (this node is in it).
   *
   * @param key the item's key
   * @param ownGroup this node's group
   * @param known whether this node knows a member of a group
   */
  public int home(Key key, int ownGroup, IntPredicate known) {
    int g = groupOf(key);
    for (int i = 0; i < k; i++) {
      int c = (g + i) % k;
      if (c == ownGroup || known.test(c)) {
        return c;
      }
    }
    return ownGroup;
  }
}
