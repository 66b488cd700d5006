package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.sim.SimNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kelips's invariants on random simulated networks (size, number of groups, seed, failures), shrunk to
 * a minimal failing network by QuickTheories: after gossip converges every group view is exactly the
 * group's live members, every member of a group holds every tuple of the group, every lookup takes at
 * most two hops, and an item survives crashes of nodes other than its owner (and, with the record
 * travelling with its tuple, of its owner too while a member of its group lives).
 */
class KelipsPropertyTest {

  private static final int EXAMPLES = 25;
  /** Virtual time after crashes: failure timeout, rumours, a republish, anti-entropy. */
  private static final long AFTER_CRASH_MILLIS = 60_000;

  @Test
  void groupViewsAreExactlyTheLiveMembersOfTheGroup() {
    qt().withExamples(EXAMPLES).forAll(integers().between(1, 16), integers().between(1, 5), integers().between(0, 5), longs().all())
        .checkAssert((n, k, crashes, seed) -> {
          try (KelipsCluster c = KelipsCluster.start(n, k, seed, true)) {
            List<SimNode> victims = new ArrayList<>(c.nodes);
            for (int i = 0; i < Math.min(crashes, n - 1); i++) {
              c.sim.crash(victims.remove(c.random.nextInt(victims.size())));
            }
            c.sim.runFor(AFTER_CRASH_MILLIS);
            for (SimNode node : c.live()) {
              KelipsRouting r = KelipsCluster.routing(node);
              Set<Key> view = new HashSet<>();
              r.groupView().members().forEach(m -> view.add(m.peer().id()));
              view.add(node.self().id());
              assertThat(view).as("view of %s in group %d", node, r.ownGroup()).isEqualTo(c.liveMembers(r.ownGroup()));
              for (ContactTable.Contact ct : r.contactTable().all()) {
                assertThat(c.liveMembers(ct.group())).as("contact of %s", node).contains(ct.peer().id());
              }
              for (int g = 0; g < k; g++) {
                if (g != r.ownGroup() && !c.liveMembers(g).isEmpty()) {
                  assertThat(r.contactTable().known(g)).as("%s has a contact in non-empty group %d", node, g).isTrue();
                }
              }
            }
          }
        });
  }

  @Test
  void everyMemberOfAGroupHoldsEveryTupleOfTheGroup() {
    qt().withExamples(EXAMPLES).forAll(integers().between(1, 16), integers().between(1, 5), integers().between(1, 8), longs().all())
        .checkAssert((n, k, items, seed) -> {
          try (KelipsCluster c = KelipsCluster.start(n, k, seed, seed % 2 == 0)) {
            List<String> keys = c.putItems(items);
            c.sim.runFor(20_000);
            for (String key : keys) {
              Key id = Key.sha1(key);
              int home = c.convergedHome(id);
              Key publisher = c.published.get(key).self().id();
              for (SimNode node : c.live()) {
                KelipsRouting r = KelipsCluster.routing(node);
                if (r.ownGroup() == home) {
                  assertThat(r.tupleStore().get(id, publisher)).as("tuple of %s (home %d) at %s", key, home, node).isNotNull();
                }
              }
            }
          }
        });
  }

  @Test
  void everyLookupTakesAtMostTwoHops() {
    qt().withExamples(EXAMPLES).forAll(integers().between(1, 16), integers().between(1, 5), integers().between(0, 3), longs().all())
        .checkAssert((n, k, crashes, seed) -> {
          boolean inline = seed % 2 == 0;
          try (KelipsCluster c = KelipsCluster.start(n, k, seed, inline)) {
            List<String> keys = c.putItems(4);
            List<SimNode> victims = new ArrayList<>(c.nodes);
            victims.removeAll(c.published.values());
            for (int i = 0; i < crashes && !victims.isEmpty(); i++) {
              c.sim.crash(victims.remove(c.random.nextInt(victims.size())));
            }
            c.sim.runFor(AFTER_CRASH_MILLIS);
            for (SimNode node : c.live()) {
              for (String key : keys) {
                GetResult g = c.sim.await(node.get(key));
                assertThat(g.found()).as("%s from %s (inline %s)", key, node, inline).isTrue();
                assertThat(g.hops()).as("hops of %s from %s (inline %s)", key, node, inline).isLessThanOrEqualTo(2);
              }
            }
          }
        });
  }

  @Test
  void anItemSurvivesTheCrashOfEveryNodeButItsOwner() {
    qt().withExamples(EXAMPLES).forAll(integers().between(2, 16), integers().between(1, 5), longs().all(), longs().all())
        .checkAssert((n, k, seed, mask) -> {
          try (KelipsCluster c = KelipsCluster.start(n, k, seed, false)) {
            List<String> keys = c.putItems(3);
            for (int i = 0; i < n; i++) {
              SimNode node = c.nodes.get(i);
              if ((mask >>> i & 1) == 1 && !c.published.containsValue(node)) {
                c.sim.crash(node);
              }
            }
            c.sim.runFor(AFTER_CRASH_MILLIS);
            for (SimNode node : c.live()) {
              for (String key : keys) {
                assertThat(c.sim.await(node.get(key)).valueAsString()).as("%s from %s", key, node)
                    .contains(new String(KelipsCluster.value(key), java.nio.charset.StandardCharsets.UTF_8));
              }
            }
          }
        });
  }

  @Test
  void anInlineItemSurvivesItsOwnerWhileAMemberOfItsGroupLives() {
    qt().withExamples(EXAMPLES).forAll(integers().between(2, 16), integers().between(1, 5), longs().all(), longs().all())
        .checkAssert((n, k, seed, mask) -> {
          try (KelipsCluster c = KelipsCluster.start(n, k, seed, true)) {
            List<String> keys = c.putItems(3);
            c.sim.runFor(10_000);
            Set<Integer> homes = new HashSet<>();
            keys.forEach(key -> homes.add(c.convergedHome(Key.sha1(key))));
            // Crash the masked nodes, keeping one member of each item's home group alive.
            Set<Integer> keptHome = new HashSet<>();
            for (int i = 0; i < n; i++) {
              SimNode node = c.nodes.get(i);
              int g = c.groupOf(node.self().id());
              if (homes.contains(g) && keptHome.add(g)) {
                continue;
              }
              if ((mask >>> i & 1) == 1 && c.live().size() > 1) {
                c.sim.crash(node);
              }
            }
            c.sim.runFor(AFTER_CRASH_MILLIS);
            for (SimNode node : c.live()) {
              for (String key : keys) {
                assertThat(c.sim.await(node.get(key)).valueAsString()).as("%s from %s", key, node)
                    .contains(new String(KelipsCluster.value(key), java.nio.charset.StandardCharsets.UTF_8));
              }
            }
          }
        });
  }
}
