package io.hopscotch.search.supernode;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.SimNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The overlay among live supernodes as a graph, for tests and measurements. An edge joins two
 * supernodes only when each lists the other as a link, since a supernode drops queries from one it
 * is not linked to; the graph is therefore undirected.
 */
final class SupernodeGraph {

  private final List<Key> supers = new ArrayList<>();
  private final Map<Key, Set<Key>> adj = new HashMap<>();

  SupernodeGraph(List<SimNode> live) {
    Map<Key, Set<Key>> out = new HashMap<>();
    for (SimNode n : live) {
      SupernodeRouting r = (SupernodeRouting) n.engine().routingStrategy();
      if (n.isAlive() && r.isSupernode()) {
        supers.add(n.id());
        Set<Key> s = new HashSet<>();
        for (Peer p : r.supernodeLinks()) {
          s.add(p.id());
        }
        out.put(n.id(), s);
      }
    }
    for (Key a : supers) {
      Set<Key> mutual = new HashSet<>();
      for (Key b : out.get(a)) {
        Set<Key> back = out.get(b);
        if (back != null && back.contains(a)) {
          mutual.add(b);
        }
      }
      adj.put(a, mutual);
    }
  }

  int size() {
    return supers.size();
  }

  Set<Key> neighbours(Key k) {
    return adj.getOrDefault(k, Set.of());
  }

  /** Number of supernodes within {@code ttl} hops of {@code from}, itself included. */
  int reach(Key from, int ttl) {
    Map<Key, Integer> dist = new HashMap<>();
    ArrayDeque<Key> q = new ArrayDeque<>();
    dist.put(from, 0);
    q.add(from);
    while (!q.isEmpty()) {
      Key k = q.poll();
      int d = dist.get(k);
      if (d == ttl) {
        continue;
      }
      for (Key n : neighbours(k)) {
        if (dist.putIfAbsent(n, d + 1) == null) {
          q.add(n);
        }
      }
    }
    return dist.size();
  }

  /** Number of connected components. */
  int components() {
    Set<Key> done = new HashSet<>();
    int c = 0;
    for (Key k : supers) {
      if (done.add(k)) {
        c++;
        ArrayDeque<Key> q = new ArrayDeque<>(List.of(k));
        while (!q.isEmpty()) {
          for (Key n : neighbours(q.poll())) {
            if (done.add(n)) {
              q.add(n);
            }
          }
        }
      }
    }
    return c;
  }

  /** Mean local clustering coefficient (0 for supernodes with fewer than two links). */
  double clustering() {
    double sum = 0;
    for (Key k : supers) {
      List<Key> ns = new ArrayList<>(neighbours(k));
      int d = ns.size();
      if (d < 2) {
        continue;
      }
      int closed = 0;
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++) {
          if (neighbours(ns.get(i)).contains(ns.get(j))) {
            closed++;
          }
        }
      }
      sum += closed / (d * (d - 1) / 2.0);
    }
    return supers.isEmpty() ? 0 : sum / supers.size();
  }

  /** A one-line summary: size, degrees, components, clustering, mean and least TTL reach from up to {@code samples} supernodes. */
  String describe(int ttl, int samples, Random random) {
    int[] hist = new int[64];
    int min = Integer.MAX_VALUE;
    int max = 0;
    long sum = 0;
    for (Key k : supers) {
      int d = neighbours(k).size();
      hist[Math.min(63, d)]++;
      min = Math.min(min, d);
      max = Math.max(max, d);
      sum += d;
    }
    List<Key> from = new ArrayList<>(supers);
    java.util.Collections.shuffle(from, random);
    from = from.subList(0, Math.min(samples, from.size()));
    double reachSum = 0;
    double reachMin = 1;
    for (Key k : from) {
      double f = reach(k, ttl) / (double) supers.size();
      reachSum += f;
      reachMin = Math.min(reachMin, f);
    }
    StringBuilder h = new StringBuilder();
    for (int i = 0; i <= Math.min(63, max); i++) {
      if (hist[i] > 0) {
        h.append(i).append(':').append(hist[i]).append(' ');
      }
    }
    return String.format("supernodes=%d degree mean=%.2f min=%d max=%d [%s] components=%d clustering=%.3f reach(ttl %d) mean=%.3f min=%.3f",
        supers.size(), supers.isEmpty() ? 0.0 : sum / (double) supers.size(), supers.isEmpty() ? 0 : min, max, h.toString().trim(),
        components(), clustering(), ttl, from.isEmpty() ? 0 : reachSum / from.size(), reachMin);
  }
}
