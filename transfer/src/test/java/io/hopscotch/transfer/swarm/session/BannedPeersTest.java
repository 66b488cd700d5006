package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ban list of a download is bounded and forgets the oldest entries first. */
class BannedPeersTest {

  @Test
  void neverHoldsMoreThanItsBoundAndKeepsTheLatestEntries() {
    qt().withExamples(200).forAll(integers().between(1, 20), lists().of(integers().between(0, 60)).ofSizeBetween(0, 200))
        .checkAssert((max, bans) -> {
          BannedPeers b = new BannedPeers(max);
          for (int x : bans) {
            b.add("peer" + x);
            assertThat(b.size()).isLessThanOrEqualTo(max);
          }
          // the last max distinct entries, most recent ban counting, are all still banned
          LinkedHashSet<String> recent = new LinkedHashSet<>();
          for (int i = bans.size() - 1; i >= 0 && recent.size() < max; i--) {
            recent.add("peer" + bans.get(i));
          }
          for (String r : recent) {
            assertThat(b.contains(r)).as(r).isTrue();
          }
          assertThat(b.snapshot()).containsExactlyInAnyOrderElementsOf(recent);
        });
  }

  @Test
  void aSessionsListIsBoundedAndABoundBelowOneIsRefused() {
    BannedPeers b = new BannedPeers(BannedPeers.MAX);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5 * BannedPeers.MAX; i++) {
      many.add("10.0.0." + i + ":6881");
      b.add(many.get(i));
    }
    assertThat(b.size()).isEqualTo(BannedPeers.MAX);
    assertThat(b.contains(many.get(many.size() - 1))).isTrue();
    assertThat(b.contains(many.get(0))).isFalse();
    assertThatThrownBy(() -> new BannedPeers(0)).hasMessageContaining("at least one entry");
  }
}
