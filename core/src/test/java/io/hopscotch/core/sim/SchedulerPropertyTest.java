package io.hopscotch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's heap, with events taken out anywhere, runs exactly the events still queued in
 * (time, scheduling order), as a sorted list of the same events would.
 */
class SchedulerPropertyTest {

  /** An event that records its run in a shared log. */
  private static final class Recorded extends SimEvent {
    final int name;
    final List<Integer> log;

    Recorded(int name, List<Integer> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    void run() {
      log.add(name);
    }
  }

  @Test
  void removingAnyEventsLeavesTheOthersInOrder() {
    // each op: values 0..99 schedule an event at that time; 100..199 remove the (op - 100)-th event
    // scheduled so far, if any (possibly one already removed, which must be a no-op)
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 199)).ofSizeBetween(0, 200))
        .checkAssert(ops -> {
          Scheduler scheduler = new Scheduler(0);
          List<Integer> log = new ArrayList<>();
          List<Recorded> scheduled = new ArrayList<>();
          List<Recorded> expected = new ArrayList<>();
          for (int op : ops) {
            if (op < 100) {
              Recorded e = new Recorded(scheduled.size(), log);
              scheduler.schedule(e, op);
              scheduled.add(e);
              expected.add(e);
            } else if (!scheduled.isEmpty()) {
              Recorded e = scheduled.get((op - 100) % scheduled.size());
              scheduler.remove(e);
              expected.remove(e);
            }
          }
          assertThat(scheduler.size()).isEqualTo(expected.size());
          while (scheduler.step(Long.MAX_VALUE)) {
            // runs every queued event
          }
          expected.sort(Comparator.<Recorded>comparingLong(e -> e.time).thenComparingLong(e -> e.seq));
          assertThat(log).containsExactlyElementsOf(expected.stream().map(e -> e.name).toList());
          assertThat(scheduled).allSatisfy(e -> assertThat(e.heapIndex).isEqualTo(-1));
        });
  }

  @Test
  void anEventRemovedAfterItRanIsANoOp() {
    Scheduler scheduler = new Scheduler(0);
    List<Integer> log = new ArrayList<>();
    Recorded first = new Recorded(1, log);
    Recorded second = new Recorded(2, log);
    scheduler.schedule(first, 10);
    scheduler.schedule(second, 20);
    assertThat(scheduler.step(15)).isTrue();
    scheduler.remove(first);
    assertThat(scheduler.size()).isEqualTo(1);
    assertThat(scheduler.step(Long.MAX_VALUE)).isTrue();
    assertThat(log).containsExactly(1, 2);
  }
}
