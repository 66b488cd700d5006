package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.Stats;
import io.hopscotch.core.spi.Clock;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds of one query's collection: items, holders per item, holders in all. */
class HitCollectorTest {

  private final Stats stats = new Stats();

  /** Only what a collector uses: a still clock, timers that never fire, and counters. */
  private StrategyContext context() {
    Clock clock = new Clock() {
      @Override
      public long millis() {
        return 0;
      }

      @Override
      public long nanos() {
        return 0;
      }
    };
    Timers timers = new Timers() {
      @Override
      public Timer once(long delayMillis, Runnable task) {
        return () -> { };
      }

      @Override
      public Timer periodic(long periodMillis, long jitterMillis, Runnable task) {
        return () -> { };
      }
    };
    return (StrategyContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StrategyContext.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "clock" -> clock;
          case "timers" -> timers;
          case "stats" -> stats;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static Peer peer(int i) {
    return new Peer(Key.sha1("holder-" + i), Address.of("127.0.0.1", 1 + i));
  }

  private static FloodingMessages.HitItem item(String name) {
    return new FloodingMessages.HitItem(Key.sha1(name), List.of("w"), 1);
  }

  @Test
  void eachItemListsAtMostTheBoundOfHoldersAndOnlyThoseAreRecorded() {
    HitCollector c = new HitCollector(context(), false, 10, 1_000, 0);
    for (int i = 0; i < 3 * HitCollector.MAX_HOLDERS_PER_ITEM; i++) {
      c.add(peer(i), false, 1 + i, List.of(item("popular")));
    }
    c.finish();
    List<SearchHit> hits = c.future().result();

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).holders()).hasSize(HitCollector.MAX_HOLDERS_PER_ITEM).startsWith(peer(0));
    assertThat(c.holders()).hasSize(HitCollector.MAX_HOLDERS_PER_ITEM);
  }

  @Test
  void holdersInAllAreBounded() {
    HitCollector c = new HitCollector(context(), false, HitCollector.MAX_ITEMS, 1_000, 0);
    // 200 items, each answered by 40 distinct holders: more than the bound in all
    for (int i = 0; i < 200 * 40; i++) {
      c.add(peer(i), false, 1, List.of(item("item-" + (i % 200))));
    }

    assertThat(c.isDone()).isFalse();
    assertThat(c.holders()).hasSize(HitCollector.MAX_HOLDERS);
    c.finish();
    assertThat(c.future().result()).hasSize(200)
        .allSatisfy(h -> assertThat(h.holders().size()).isLessThanOrEqualTo(HitCollector.MAX_HOLDERS_PER_ITEM));
  }

  @Test
  void aKeySearchListsAsManyHoldersAsItsLimit() {
    HitCollector c = new HitCollector(context(), true, 50, 1_000, 0);
    for (int i = 0; i < 50; i++) {
      c.add(peer(i), false, 1, List.of(item("k")));
    }

    assertThat(c.isDone()).as("50 holders reach the limit of 50").isTrue();
    assertThat(c.holders()).hasSize(50);
    assertThat(c.future().result().get(0).holders()).hasSize(50);
  }

  @Test
  void aLimitAboveTheBoundIsLowered() {
    HitCollector c = new HitCollector(context(), false, Integer.MAX_VALUE, 1_000, 0);
    for (int i = 0; i < HitCollector.MAX_ITEMS + 10 && !c.isDone(); i++) {
      c.add(peer(i), false, 1, List.of(item("item-" + i)));
    }

    assertThat(c.isDone()).isTrue();
    assertThat(c.future().result()).hasSize(HitCollector.MAX_ITEMS);
  }
}
