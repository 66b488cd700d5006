package io.hopscotch.pastry;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.sim.LatencyModel;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: a command-line diagnosis of route stretch on the simulator. It builds a ring the way the
 * simulate command does (joins in batches through the nearest of up to 64 joined nodes, then settling),
 * and then separates the causes of stretch with global knowledge:
 * <ul>
 *   <li>table quality: for sampled nodes and every slot, the latency to the entry held against the
 *       latency to the nearest node anywhere that qualifies for the slot;</li>
 *   <li>stretch of real lookups (the path the origin walked, taken as the overlay path);</li>
 *   <li>stretch of the same (origin, key) pairs routed offline through oracle tables (every slot holds
 *       the nearest qualifying node, leaf sets exact): the floor that proximity selection can reach on
 *       this latency model with these hop counts;</li>
 *   <li>the mean latency of each hop by position, for both.</li>
 * </ul>
 * Usage: {@code StretchDiagnosis nodes joinBatch proximity(true|false) [lookups] [seed] [settleMs]}.
 */
public final class StretchDiagnosis {

  private StretchDiagnosis() {
  }

  /** Runs the diagnosis; prints plain-text figures. */
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    boolean proximity = Boolean.parseBoolean(args[2]);
    int lookups = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    long settle = args.length > 5 ? Long.parseLong(args[5]) : 120_000;
    Map<String, String> opts = new HashMap<>();
    opts.put(PastryConfig.PROXIMITY, Boolean.toString(proximity));
    for (int i = 6; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      opts.put(kv[0], kv[1]);
    }
    long t0 = System.nanoTime();
    try (Simulation sim = Simulation.builder().seed(seed).latency(LatencyModel.coordinates(seed, 100)).build()) {
      Random random = new Random(seed);
      List<SimNode> all = build(sim, n, batch, opts, random);
      System.out.printf(Locale.ROOT, "built %d nodes in %.1f s wall, virtual %d s%n", all.size(),
          (System.nanoTime() - t0) / 1e9, sim.now() / 1000);
      sim.runFor(settle);
      io.hopscotch.core.Stats st = sim.aggregateStats();
      System.out.printf(Locale.ROOT, "per node: probes %.1f, probes dropped %.1f, messages sent %.1f%n",
          st.counter("pastry.probes") / (double) n, st.counter("pastry.probes.dropped") / (double) n,
          st.messagesSent() / (double) n);
      new StretchDiagnosis.Analysis(sim, all, random).run(lookups);
    }
    System.out.printf(Locale.ROOT, "total wall %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static List<SimNode> build(Simulation sim, int n, int batch, Map<String, String> opts, Random random) {
    List<SimNode> all = new ArrayList<>();
    SimNode first = sim.addNode(new NodeOptions().setRouting(PastryProvider.NAME).setRoutingOptions(opts));
    sim.await(first.join(List.of()));
    all.add(first);
    while (all.size() < n) {
      int wave = Math.min(Math.min(batch, all.size()), n - all.size());
      List<SimNode> joined = new ArrayList<>(all);
      List<Future<Void>> joins = new ArrayList<>();
      for (int i = 0; i < wave; i++) {
        SimNode node = sim.addNode(new NodeOptions().setRouting(PastryProvider.NAME).setRoutingOptions(opts));
        SimNode best = null;
        long bestLat = Long.MAX_VALUE;
        for (int c = 0; c < Math.min(64, joined.size()); c++) {
          SimNode cand = joined.get(joined.size() <= 64 ? c : random.nextInt(joined.size()));
          long l = sim.latency().oneWayMicros(node.index(), cand.index());
          if (l < bestLat) {
            bestLat = l;
            best = cand;
          }
        }
        joins.add(node.join(List.of(best.address())));
        all.add(node);
      }
      sim.await(Future.join(joins).otherwiseEmpty());
    }
    return all;
  }

  /** The measurements on a settled ring. */
  static final class Analysis {
    private final Simulation sim;
    private final List<SimNode> nodes;
    private final Random random;
    private final Map<Key, Integer> index = new HashMap<>();
    private final Key[] sorted;
    private final int b;

    Analysis(Simulation sim, List<SimNode> nodes, Random random) {
      this.sim = sim;
      this.nodes = nodes;
      this.random = random;
      for (int i = 0; i < nodes.size(); i++) {
        index.put(nodes.get(i).self().id(), i);
      }
      sorted = nodes.stream().map(x -> x.self().id()).sorted().toArray(Key[]::new);
      b = strategy(nodes.get(0)).config().b();
    }

    static PastryRouting strategy(SimNode n) {
      return (PastryRouting) n.engine().routingStrategy();
    }

    long lat(int i, int j) {
      return sim.latency().oneWayMicros(nodes.get(i).index(), nodes.get(j).index());
    }

    void run(int lookups) {
      tableQuality(Math.min(300, nodes.size()));
      rowZeroByAge();
      neighbourhoodQuality(Math.min(300, nodes.size()));
      routes(lookups);
    }

    /** Held entry against the nearest qualifying node, per row. */
    void tableQuality(int sample) {
      int rows = Key.digits(b);
      long[] filled = new long[rows];
      long[] missing = new long[rows];
      long[] optimal = new long[rows];
      double[] held = new double[rows];
      double[] best = new double[rows];
      double[] rank = new double[rows];
      long[] candidates = new long[rows];
      int base = 1 << b;
      for (int s = 0; s < sample; s++) {
        int x = random.nextInt(nodes.size());
        Key self = nodes.get(x).self().id();
        PastryRouting st = strategy(nodes.get(x));
        long[][] bestLat = new long[rows][base];
        int[][] count = new int[rows][base];
        for (long[] r : bestLat) {
          Arrays.fill(r, Long.MAX_VALUE);
        }
        for (int y = 0; y < nodes.size(); y++) {
          if (y == x) {
            continue;
          }
          Key id = nodes.get(y).self().id();
          int r = self.sharedPrefixDigits(id, b);
          int d = id.digit(r, b);
          count[r][d]++;
          bestLat[r][d] = Math.min(bestLat[r][d], lat(x, y));
        }
        for (int r = 0; r < rows; r++) {
          for (int d = 0; d < base; d++) {
            if (count[r][d] == 0) {
              continue;
            }
            candidates[r] += count[r][d];
            Peer e = st.routingTableEntry(r, d);
            if (e == null) {
              missing[r]++;
              continue;
            }
            int y = index.get(e.id());
            long l = lat(x, y);
            filled[r]++;
            held[r] += l;
            best[r] += bestLat[r][d];
            if (l == bestLat[r][d]) {
              optimal[r]++;
            }
            // rank of the held entry among the slot's candidates, 0 = nearest, 1 = farthest
            int closer = 0;
            for (int z = 0; z < nodes.size(); z++) {
              if (z != x) {
                Key id = nodes.get(z).self().id();
                if (self.sharedPrefixDigits(id, b) == r && id.digit(r, b) == d && lat(x, z) < l) {
                  closer++;
                }
              }
            }
            rank[r] += count[r][d] > 1 ? closer / (double) (count[r][d] - 1) : 0;
          }
        }
      }
      System.out.println("table quality over " + sample + " nodes (latencies one-way, ms):");
      System.out.println("row  slots-filled  missing  cand/slot  held-mean  nearest-mean  held=nearest  rank(0=nearest,1=farthest)");
      for (int r = 0; r < rows; r++) {
        if (filled[r] + missing[r] == 0) {
          break;
        }
        long slots = filled[r] + missing[r];
        System.out.printf(Locale.ROOT, "%3d  %12d  %7d  %9.1f  %9.2f  %12.2f  %12.3f  %.3f%n", r, filled[r], missing[r],
            candidates[r] / (double) slots, held[r] / Math.max(1, filled[r]) / 1000, best[r] / Math.max(1, filled[r]) / 1000,
            optimal[r] / (double) Math.max(1, filled[r]), rank[r] / Math.max(1, filled[r]));
      }
    }

    /** Row 0 held/nearest latency by join order (quarters of the nodes, earliest first). */
    void rowZeroByAge() {
      int base = 1 << b;
      StringBuilder sb = new StringBuilder("row 0 held/nearest mean latency by join quarter (earliest first):");
      for (int q = 0; q < 4; q++) {
        double held = 0;
        double best = 0;
        for (int s = 0; s < 50; s++) {
          int x = q * nodes.size() / 4 + random.nextInt(nodes.size() / 4);
          Key self = nodes.get(x).self().id();
          long[] bestLat = new long[base];
          Arrays.fill(bestLat, Long.MAX_VALUE);
          for (int y = 0; y < nodes.size(); y++) {
            Key id = nodes.get(y).self().id();
            if (y != x && self.sharedPrefixDigits(id, b) == 0) {
              bestLat[id.digit(0, b)] = Math.min(bestLat[id.digit(0, b)], lat(x, y));
            }
          }
          for (int d = 0; d < base; d++) {
            Peer e = strategy(nodes.get(x)).routingTableEntry(0, d);
            if (e != null) {
              held += lat(x, index.get(e.id()));
              best += bestLat[d];
            }
          }
        }
        sb.append(String.format(Locale.ROOT, " %.2f/%.2f", held / 50 / 15000, best / 50 / 15000));
      }
      System.out.println(sb);
    }

    /** Neighbourhood set against the true M nearest nodes. */
    void neighbourhoodQuality(int sample) {
      double overlap = 0;
      double heldMean = 0;
      double trueMean = 0;
      int m = 0;
      for (int s = 0; s < sample; s++) {
        int x = random.nextInt(nodes.size());
        NeighbourhoodSet ns = neighbourhood(nodes.get(x));
        List<Peer> held = ns.members();
        if (held.isEmpty()) {
          continue;
        }
        long[] all = new long[nodes.size() - 1];
        int k = 0;
        for (int y = 0; y < nodes.size(); y++) {
          if (y != x) {
            all[k++] = lat(x, y);
          }
        }
        Arrays.sort(all);
        long kth = all[Math.min(held.size(), all.length) - 1];
        double hm = 0;
        int in = 0;
        for (Peer p : held) {
          long l = lat(x, index.get(p.id()));
          hm += l;
          if (l <= kth) {
            in++;
          }
        }
        double tm = 0;
        for (int i = 0; i < held.size(); i++) {
          tm += all[i];
        }
        overlap += in / (double) held.size();
        heldMean += hm / held.size();
        trueMean += tm / held.size();
        m++;
      }
      System.out.printf(Locale.ROOT, "neighbourhood set: %.3f of members among the true nearest; mean latency held %.2f ms, true nearest %.2f ms%n",
          overlap / m, heldMean / m / 1000, trueMean / m / 1000);
    }

    static NeighbourhoodSet neighbourhood(SimNode n) {
      try {
        java.lang.reflect.Field f = PastryRouting.class.getDeclaredField("state");
        f.setAccessible(true);
        return ((NodeState) f.get(strategy(n))).neighbourhood();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Real lookups and the oracle route for the same pairs. */
    void routes(int lookups) {
      Stretch real = new Stretch("real lookups (path walked by the origin, as an overlay path)");
      Stretch oracle = new Stretch("oracle tables (nearest qualifying node per slot, exact leaf sets)");
      Stretch offline = new Stretch("actual tables routed offline (leaf-set rule, then table slot)");
      for (int i = 0; i < lookups; i++) {
        int o = random.nextInt(nodes.size());
        Key key = Key.sha1("stretch-" + i + "-" + random.nextLong());
        GetResult r = sim.await(nodes.get(o).get(key));
        List<Integer> path = new ArrayList<>();
        path.add(o);
        r.path().forEach(p -> path.add(index.get(p.id())));
        real.add(path);
        oracle.add(oracleRoute(o, key));
        offline.add(offlineRoute(o, key));
      }
      real.print();
      offline.print();
      oracle.print();
    }

    int root(Key key) {
      int pos = Arrays.binarySearch(sorted, key);
      if (pos >= 0) {
        return index.get(sorted[pos]);
      }
      int ins = -pos - 1;
      Key a = sorted[ins % sorted.length];
      Key c = sorted[(ins - 1 + sorted.length) % sorted.length];
      return index.get(Distance.closer(key, a, c) ? a : c);
    }

    boolean inTrueLeafSet(int x, int y, int half) {
      int px = Arrays.binarySearch(sorted, nodes.get(x).self().id());
      int py = Arrays.binarySearch(sorted, nodes.get(y).self().id());
      int n = sorted.length;
      int cw = ((py - px) % n + n) % n;
      int ccw = ((px - py) % n + n) % n;
      return cw <= half || ccw <= half;
    }

    List<Integer> oracleRoute(int o, Key key) {
      List<Integer> path = new ArrayList<>();
      path.add(o);
      int target = root(key);
      int half = strategy(nodes.get(0)).config().leafSet() / 2;
      int x = o;
      while (x != target) {
        if (inTrueLeafSet(x, target, half)) {
          x = target;
        } else {
          Key self = nodes.get(x).self().id();
          int l = self.sharedPrefixDigits(key, b);
          int bestY = -1;
          long bestL = Long.MAX_VALUE;
          for (int y = 0; y < nodes.size(); y++) {
            if (nodes.get(y).self().id().sharedPrefixDigits(key, b) > l) {
              long t = lat(x, y);
              if (t < bestL) {
                bestL = t;
                bestY = y;
              }
            }
          }
          x = bestY < 0 ? target : bestY;
        }
        path.add(x);
      }
      return path;
    }

    List<Integer> offlineRoute(int o, Key key) {
      List<Integer> path = new ArrayList<>();
      path.add(o);
      int x = o;
      for (int guard = 0; guard < 40; guard++) {
        PastryRouting st = strategy(nodes.get(x));
        Key self = nodes.get(x).self().id();
        List<List<Peer>> ls = st.leafSet();
        List<Peer> leaves = new ArrayList<>(ls.get(0));
        leaves.addAll(ls.get(1));
        Peer next = null;
        boolean covered = !ls.get(0).isEmpty() && !ls.get(1).isEmpty()
            && (key.inOpen(ls.get(0).get(ls.get(0).size() - 1).id(), ls.get(1).get(ls.get(1).size() - 1).id())
                || key.equals(ls.get(0).get(ls.get(0).size() - 1).id()));
        if (covered) {
          Key bestK = self;
          for (Peer p : leaves) {
            if (Distance.closer(key, p.id(), bestK)) {
              bestK = p.id();
              next = p;
            }
          }
          if (next == null) {
            return path;
          }
        } else {
          int l = self.sharedPrefixDigits(key, b);
          next = st.routingTableEntry(l, key.digit(l, b));
          if (next == null) {
            // the rare case: the numerically closest of what is known that is at least as good
            Key bestK = self;
            List<Peer> known = new ArrayList<>(leaves);
            for (int r = 0; r < st.routingTableRows(); r++) {
              known.addAll(st.routingTableRow(r));
            }
            for (Peer p : known) {
              if (p.id().sharedPrefixDigits(key, b) >= l && Distance.closer(key, p.id(), bestK)) {
                bestK = p.id();
                next = p;
              }
            }
            if (next == null) {
              return path;
            }
          }
        }
        x = index.get(next.id());
        path.add(x);
      }
      return path;
    }

    /** Accumulates stretch over paths given as node positions, origin first. */
    final class Stretch {
      private final String name;
      private double ratioSum;
      private long count;
      private long travelled;
      private long direct;
      private long hops;
      private final double[] hopLat = new double[12];
      private final long[] hopCount = new long[12];
      private double lastHop;

      Stretch(String name) {
        this.name = name;
      }

      void add(List<Integer> path) {
        int o = path.get(0);
        int dst = path.get(path.size() - 1);
        if (dst == o) {
          return;
        }
        long t = 0;
        for (int i = 1; i < path.size(); i++) {
          long l = lat(path.get(i - 1), path.get(i));
          t += l;
          if (i - 1 < hopLat.length) {
            hopLat[i - 1] += l;
            hopCount[i - 1]++;
          }
        }
        lastHop += lat(path.get(path.size() - 2), dst);
        long d = lat(o, dst);
        ratioSum += t / (double) d;
        count++;
        travelled += t;
        direct += d;
        hops += path.size() - 1;
      }

      void print() {
        System.out.printf(Locale.ROOT, "%s:%n  mean stretch %.3f  stretch of totals %.3f  mean hops %.2f  mean path %.1f ms  mean direct %.1f ms  mean last hop %.1f ms%n",
            name, ratioSum / count, travelled / (double) direct, hops / (double) count, travelled / 1000.0 / count,
            direct / 1000.0 / count, lastHop / 1000 / count);
        StringBuilder sb = new StringBuilder("  mean latency of hop k (ms, over routes with a k-th hop):");
        for (int i = 0; i < hopLat.length && hopCount[i] > 0; i++) {
          sb.append(String.format(Locale.ROOT, " %d: %.1f (%d)", i + 1, hopLat[i] / 1000 / hopCount[i], hopCount[i]));
        }
        System.out.println(sb);
      }
    }
  }
}
