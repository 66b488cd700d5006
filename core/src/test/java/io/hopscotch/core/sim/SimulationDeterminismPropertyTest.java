package io.hopscotch.core.sim;

import static io.hopscotch.core.sim.SimTestSupport.flatNode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Two runs of the same random topology and workload, from the same seed, are identical. */
class SimulationDeterminismPropertyTest {

  /** A random workload drawn from {@code seed}; returns the trace hash, stats and clock as one string. */
  private static String run(long seed, int size, int ops, double loss) {
    SplittableRandom w = new SplittableRandom(seed);
    try (Simulation sim = Simulation.builder().seed(seed).lossRate(loss).build()) {
      List<SimNode> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        SimNode n = flatNode(sim, 200 + w.nextInt(800), w.nextInt(100));
        n.join(i == 0 ? List.of() : List.of(nodes.get(w.nextInt(nodes.size())).address()));
        nodes.add(n);
        sim.runFor(w.nextInt(500));
      }
      for (int i = 0; i < ops; i++) {
        SimNode n = sim.nodes().get(w.nextInt(size));
        switch (w.nextInt(7)) {
          case 0, 1 -> {
            if (n.isAlive()) {
              n.put("k" + w.nextInt(10), ("v" + i).getBytes(UTF_8));
            }
          }
          case 2, 3 -> {
            if (n.isAlive()) {
              n.get("k" + w.nextInt(10));
            }
          }
          case 4 -> {
            if (n.isAlive()) {
              sim.crash(n);
            } else {
              sim.restart(n).join(List.of(sim.nodes().get(0).address()));
            }
          }
          case 5 -> {
            if (w.nextBoolean()) {
              sim.partition(sim.nodes().subList(0, 1 + w.nextInt(size)));
            } else {
              sim.heal();
            }
          }
          default -> sim.runFor(w.nextInt(3_000));
        }
      }
      sim.runFor(10_000);
      return sim.traceHash() + " " + sim.eventsProcessed() + " " + sim.now() + " " + sim.aggregateStats().toJson().encode();
    }
  }

  @Test
  void sameSeedSameTrace() {
    qt().withExamples(25).forAll(longs().all(), integers().between(2, 8), integers().between(0, 30), doubles().between(0, 0.2))
        .check((seed, size, ops, loss) -> Objects.equals(run(seed, size, ops, loss), run(seed, size, ops, loss)));
  }
}
