package io.hopscotch.transfer.swarm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choker's bounds and tit-for-tat order over random rounds. */
class ChokerPropertyTest {

  @Test
  void neverUnchokesMoreThanSlotsPlusOneAndOnlyInterestedPeers() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 8)).checkAssert((seed, slots) -> {
      Random r = new Random(seed);
      Choker<Integer> choker = new Choker<>(slots, r);
      for (int round = 0; round < 10; round++) {
        List<Choker.PeerView<Integer>> peers = new ArrayList<>();
        for (int i = r.nextInt(30); i > 0; i--) {
          peers.add(new Choker.PeerView<>(i, r.nextBoolean(), r.nextInt(1000), r.nextInt(5) == 0));
        }
        Set<Integer> un = choker.rechoke(peers);
        assertThat(un.size()).isLessThanOrEqualTo(slots + 1);
        for (Choker.PeerView<Integer> p : peers) {
          if (un.contains(p.peer())) {
            assertThat(p.interested()).isTrue();
          }
        }
        // the regular slots go to the fastest interested, not snubbed peers
        double slowestRegular = peers.stream().filter(p -> un.contains(p.peer()) && !p.peer().equals(choker.optimistic()))
            .mapToDouble(Choker.PeerView::rate).min().orElse(Double.MAX_VALUE);
        long fasterLeftOut = peers.stream().filter(p -> p.interested() && !p.snubbed() && !un.contains(p.peer())
            && p.rate() > slowestRegular).count();
        assertThat(fasterLeftOut).isZero();
      }
    });
  }

  @Test
  void optimisticUnchokeRotatesEveryThirdRound() {
    Choker<Integer> choker = new Choker<>(1, new Random(9));
    List<Choker.PeerView<Integer>> peers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      peers.add(new Choker.PeerView<>(i, true, i, false));
    }
    Set<Integer> optimists = new java.util.HashSet<>();
    for (int round = 0; round < 30; round++) {
      choker.rechoke(peers);
      if (round % 3 != 0) {
        assertThat(choker.optimistic()).isIn(optimists);
      }
      optimists.add(choker.optimistic());
    }
    assertThat(optimists.size()).isGreaterThan(3);
  }
}
