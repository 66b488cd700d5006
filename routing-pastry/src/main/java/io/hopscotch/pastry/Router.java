package io.hopscotch.pastry;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pastry's next-hop decision, the three cases of the paper:
 * <ol>
 *   <li>the key lies within the leaf set's range: deliver to the numerically closest node there (this
 *       node itself means the route has arrived);</li>
 *   <li>otherwise forward to the routing-table entry that shares one more digit with the key;</li>
 *   <li>otherwise (the rare case) forward to any known node that shares at least as long a prefix with
 *       the key and is numerically closer to it than this node.</li>
 * </ol>
 * Besides the chosen hop it returns alternates that also make progress, best first, so that the origin
 * of an iterative route can step around a node that turns out to be down. Nodes in {@code exclude} are
 * never chosen.
 */
final class Router {

  /** The outcome: arrived at the root, or the next hops to try, best first. */
  record Decision(boolean arrived, List<Peer> next) {
  }

  private final NodeState state;

  Router(NodeState state) {
    this.state = state;
  }

  /** Decides the next hops for {@code key} at this node, offering at most {@code maxNext}. */
  Decision route(Key key, Set<Key> exclude, int maxNext) {
    Peer self = state.self();
    LeafSet leaves = state.leafSet();
    // A node may route to its own id with itself excluded, to find its true neighbours.
    boolean selfExcluded = exclude.contains(self.id());
    if (key.equals(self.id()) && !selfExcluded) {
      return new Decision(true, List.of());
    }
    if (leaves.covers(key)) {
      List<Peer> all = leaves.members();
      all.removeIf(p -> exclude.contains(p.id()));
      if (!selfExcluded) {
        all.add(self);
      }
      all.sort(Distance.toPeer(key));
      List<Peer> next = new ArrayList<>();
      for (Peer p : all) {
        if (p.equals(self) || next.size() >= maxNext) {
          break;
        }
        next.add(p);
      }
      return new Decision(next.isEmpty(), next);
    }
    int b = state.table().bitsPerDigit();
    int l = self.id().sharedPrefixDigits(key, b);
    if (l >= Key.digits(b)) {
      return new Decision(true, List.of());
    }
    Map<Key, Peer> next = new LinkedHashMap<>();
    Peer r = state.table().get(l, key.digit(l, b));
    if (r != null && !exclude.contains(r.id())) {
      next.put(r.id(), r);
    }
    // Alternates and the rare case: anyone known sharing a longer prefix, or as long a one and closer.
    List<Peer> better = new ArrayList<>();
    for (Peer p : state.known()) {
      if (exclude.contains(p.id()) || next.containsKey(p.id())) {
        continue;
      }
      int s = p.id().sharedPrefixDigits(key, b);
      if (s > l || (s == l && Distance.closer(key, p.id(), self.id()))) {
        better.add(p);
      }
    }
    Comparator<Peer> byPrefix = Comparator.comparingInt((Peer p) -> -p.id().sharedPrefixDigits(key, b));
    better.sort(byPrefix.thenComparing(Distance.toPeer(key)));
    for (Peer p : better) {
      if (next.size() >= maxNext) {
        break;
      }
      next.put(p.id(), p);
    }
    return new Decision(next.isEmpty(), List.copyOf(next.values()));
  }
}
