package io.hopscotch.examples.cli;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Stats;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.spi.RoutingStrategy;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Measures the simulate command reports beyond hop counts, for any routing strategy: route stretch
 * from the lookup paths and the latency model, the hop distribution, traffic in a quiet window, and a
 * bootstrap choice for joining nodes.
 */
final class SimulationMeasures {

  private final Simulation sim;
  private final Map<Key, Integer> indexById = new HashMap<>();
  private final TreeMap<Integer, Long> hopCounts = new TreeMap<>();
  private double stretchSum;
  private long stretchCount;
  private long travelledTotal;
  private long directTotal;

  SimulationMeasures(Simulation sim) {
    this.sim = sim;
  }

  /** Remembers a node's index by id, for stretch. */
  void added(SimNode n) {
    indexById.put(n.self().id(), n.index());
  }

  /**
   * Counts one successful lookup: its hops, and its stretch — the latency along origin → path[0] → … →
   * path[last] divided by the direct latency from origin to path[last] (only when the path is not empty).
   */
  void lookup(SimNode origin, int hops, List<Peer> path) {
    hopCounts.merge(hops, 1L, Long::sum);
    if (path.isEmpty()) {
      return;
    }
    LatencyModel lat = sim.latency();
    int prev = origin.index();
    long travelled = 0;
    for (Peer p : path) {
      Integer i = indexById.get(p.id());
      if (i == null) {
        return;
      }
      travelled += lat.oneWayMicros(prev, i);
      prev = i;
    }
    long direct = lat.oneWayMicros(origin.index(), prev);
    if (direct > 0 && prev != origin.index()) {
      stretchSum += travelled / (double) direct;
      stretchCount++;
      travelledTotal += travelled;
      directTotal += direct;
    }
  }

  /** Total latency along all routes divided by total direct latency, or NaN (less swayed by very near pairs). */
  double totalStretch() {
    return directTotal == 0 ? Double.NaN : travelledTotal / (double) directTotal;
  }

  /** Hop count → number of lookups. */
  JsonObject hopDistribution() {
    JsonObject j = new JsonObject();
    hopCounts.forEach((h, c) -> j.put(Integer.toString(h), c));
    return j;
  }

  /** Mean stretch over lookups that left their origin, or NaN. */
  double meanStretch() {
    return stretchCount == 0 ? Double.NaN : stretchSum / stretchCount;
  }

  /**
   * Runs {@code millis} of virtual time with no application traffic and returns messages and bytes sent
   * per live node per second in that window, in all and by message type.
   */
  JsonObject quietTraffic(long millis) {
    if (millis <= 0) {
      return new JsonObject();
    }
    Stats before = sim.aggregateStats();
    sim.runFor(millis);
    Stats after = sim.aggregateStats();
    long live = sim.liveNodes().size();
    double secs = millis / 1000.0;
    JsonObject byType = new JsonObject();
    JsonObject bytesByType = new JsonObject();
    Map<String, Stats.Traffic> t0 = before.traffic();
    after.traffic().forEach((type, t) -> {
      Stats.Traffic was = t0.get(type);
      long s0 = was != null ? was.sent() : 0;
      if (t.sent() > s0) {
        byType.put(type, (t.sent() - s0) / (double) live / secs);
        bytesByType.put(type, (t.sentBytes() - (was != null ? was.sentBytes() : 0)) / (double) live / secs);
      }
    });
    return new JsonObject()
        .put("window_s", secs)
        .put("msgs_per_node_s", (after.messagesSent() - before.messagesSent()) / (double) live / secs)
        .put("bytes_per_node_s", (after.bytesSent() - before.bytesSent()) / (double) live / secs)
        .put("by_type", byType)
        .put("bytes_by_type", bytesByType);
  }

  /**
   * The node a new node joins through: the first node, a random joined node, or the nearest (by the
   * latency model) of up to 64 random joined nodes.
   */
  SimNode bootstrap(String how, int newIndex, List<SimNode> joined, Random random) {
    switch (how) {
      case "first":
        return joined.get(0);
      case "random":
        return joined.get(random.nextInt(joined.size()));
      case "nearest": {
        SimNode best = null;
        long bestLat = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(64, joined.size()); i++) {
          SimNode c = joined.get(joined.size() <= 64 ? i : random.nextInt(joined.size()));
          long l = sim.latency().oneWayMicros(newIndex, c.index());
          if (l < bestLat) {
            bestLat = l;
            best = c;
          }
        }
        return best;
      }
      default:
        throw new IllegalArgumentException("bootstrap must be first, random or nearest, got " + how);
    }
  }

  /** Mean per-node routing state by structure ({@link RoutingStrategy#stateBreakdown()}). */
  static JsonObject stateBreakdown(List<SimNode> nodes) {
    Map<String, Double> sum = new java.util.LinkedHashMap<>();
    for (SimNode n : nodes) {
      RoutingStrategy s = n.engine().routingStrategy();
      s.stateBreakdown().forEach((k, v) -> sum.merge(k, v.doubleValue(), Double::sum));
    }
    JsonObject j = new JsonObject();
    int c = Math.max(1, nodes.size());
    sum.forEach((k, v) -> j.put(k, v / c));
    return j;
  }
}
