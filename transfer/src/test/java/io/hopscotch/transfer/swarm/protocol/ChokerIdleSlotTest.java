package io.hopscotch.transfer.swarm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Idle upload slots go to choked peers that want something, without ever exceeding the slots. */
class ChokerIdleSlotTest {

  @Test
  void anIdleSlotGoesToTheFastestWaitingPeer() {
    Choker<String> choker = new Choker<>(2, new Random(1));
    List<Choker.Swap<String>> swaps = choker.reassignIdle(List.of(
        new Choker.SlotView<>("busy", true, true, false, 100),
        new Choker.SlotView<>("idle", true, true, true, 100),
        new Choker.SlotView<>("slow", false, true, false, 10),
        new Choker.SlotView<>("fast", false, true, false, 50),
        new Choker.SlotView<>("uninterested", false, false, false, 500)));
    assertThat(swaps).containsExactly(new Choker.Swap<>("idle", "fast"));
  }

  @Test
  void nothingMovesWithoutAWaitingPeerOrAnIdleSlot() {
    Choker<String> choker = new Choker<>(2, new Random(1));
    assertThat(choker.reassignIdle(List.of(
        new Choker.SlotView<>("idle", true, false, true, 0),
        new Choker.SlotView<>("choked", false, false, false, 0)))).isEmpty();
    assertThat(choker.reassignIdle(List.of(
        new Choker.SlotView<>("busy", true, true, false, 0),
        new Choker.SlotView<>("waiting", false, true, false, 0)))).isEmpty();
  }

  @Test
  void theOptimisticUnchokeFollowsItsSlot() {
    Choker<String> choker = new Choker<>(1, new Random(3));
    choker.rechoke(List.of(new Choker.PeerView<>("a", true, 10, false), new Choker.PeerView<>("b", true, 1, false)));
    assertThat(choker.optimistic()).isEqualTo("b");
    List<Choker.Swap<String>> swaps = choker.reassignIdle(List.of(
        new Choker.SlotView<>("a", true, true, false, 10),
        new Choker.SlotView<>("b", true, true, true, 1),
        new Choker.SlotView<>("c", false, true, false, 0)));
    assertThat(swaps).containsExactly(new Choker.Swap<>("b", "c"));
    assertThat(choker.optimistic()).isEqualTo("c");
  }

  @Test
  void swapsKeepTheUnchokedCountAndTakeOnlyIdleSlotsAndWaitingPeers() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 8)).checkAssert((seed, slots) -> {
      Random r = new Random(seed);
      Choker<Integer> choker = new Choker<>(slots, r);
      List<Choker.PeerView<Integer>> views = new ArrayList<>();
      for (int i = r.nextInt(30); i > 0; i--) {
        views.add(new Choker.PeerView<>(i, r.nextBoolean(), r.nextInt(1000), false));
      }
      Set<Integer> unchoked = new HashSet<>(choker.rechoke(views));
      for (int round = 0; round < 5; round++) {
        List<Choker.SlotView<Integer>> slotViews = new ArrayList<>();
        for (Choker.PeerView<Integer> v : views) {
          boolean un = unchoked.contains(v.peer());
          slotViews.add(new Choker.SlotView<>(v.peer(), un, r.nextBoolean(), un && r.nextBoolean(), v.rate()));
        }
        int before = unchoked.size();
        Set<Integer> from = new HashSet<>();
        Set<Integer> to = new HashSet<>();
        for (Choker.Swap<Integer> s : choker.reassignIdle(slotViews)) {
          Choker.SlotView<Integer> f = slotViews.stream().filter(v -> v.peer().equals(s.from())).findFirst().orElseThrow();
          Choker.SlotView<Integer> t = slotViews.stream().filter(v -> v.peer().equals(s.to())).findFirst().orElseThrow();
          assertThat(f.unchoked() && f.idle()).isTrue();
          assertThat(!t.unchoked() && t.interested()).isTrue();
          assertThat(from.add(s.from()) && to.add(s.to())).isTrue();
          unchoked.remove(s.from());
          unchoked.add(s.to());
        }
        assertThat(unchoked).hasSize(before);
        assertThat(unchoked.size()).isLessThanOrEqualTo(slots + 1);
        long idleLeft = slotViews.stream().filter(v -> v.unchoked() && v.idle() && !from.contains(v.peer())).count();
        long waitingLeft = slotViews.stream().filter(v -> !v.unchoked() && v.interested() && !to.contains(v.peer())).count();
        assertThat(idleLeft == 0 || waitingLeft == 0).isTrue();
      }
    });
  }
}
