package io.hopscotch.search.flooding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Breadth-first hop distances over an undirected graph, the reference the flooding properties compare against. */
final class GraphDistances {

  private GraphDistances() {
  }

  /**
   * Hop distances from node 0 over {@code edges} (pairs of node indices below {@code n}).
   *
   * @return per node its distance from node 0, or -1 if it cannot be reached
   */
  static int[] fromNodeZero(int n, List<int[]> edges) {
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (int[] e : edges) {
      adj.get(e[0]).add(e[1]);
      adj.get(e[1]).add(e[0]);
    }
    int[] dist = new int[n];
    Arrays.fill(dist, -1);
    dist[0] = 0;
    ArrayDeque<Integer> q = new ArrayDeque<>(List.of(0));
    while (!q.isEmpty()) {
      int u = q.poll();
      for (int v : adj.get(u)) {
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          q.add(v);
        }
      }
    }
    return dist;
  }
}
