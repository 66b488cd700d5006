package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index tables: add, renew, expire, search, bounds and snapshot paging. */
class IndexTableTest {

  private static final long LEASE = 1000;
  private final Identity a = Samples.IDS.get(0);
  private final Identity b = Samples.IDS.get(1);
  private long seq;

  private Registration reg(Identity id, long now, boolean replace, List<SharedItem> add, List<Key> remove) {
    return Registration.create(id, Samples.peerOf(id, 7000), ++seq, now + LEASE, replace, add, remove);
  }

  private static SharedItem item(String name, String... words) {
    return new SharedItem(Key.sha1(name), List.of(words), name.length());
  }

  @Test
  void addsFindsAndRemoves() {
    IndexTable t = new IndexTable(100, 10);
    assertThat(t.apply(reg(a, 0, false, List.of(item("x", "red"), item("y", "red", "car")), List.of()), 0, LEASE)).isEqualTo(2);
    t.apply(reg(b, 0, false, List.of(item("x", "red")), List.of()), 0, LEASE);
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.holders(Key.sha1("x"), 1, 10)).extracting(h -> h.peer().id()).containsExactly(a.id(), b.id());
    assertThat(t.search(List.of("red"), 1, 10, 10)).extracting(IndexTable.Hit::key).containsExactlyInAnyOrder(Key.sha1("x"), Key.sha1("y"));
    assertThat(t.search(List.of("red", "car"), 1, 10, 10)).singleElement().satisfies(h -> {
      assertThat(h.key()).isEqualTo(Key.sha1("y"));
      assertThat(h.holders()).extracting(Peer::id).containsExactly(a.id());
      assertThat(h.size()).isEqualTo(1);
    });
    assertThat(t.search(List.of("blue"), 1, 10, 10)).isEmpty();
    t.apply(reg(a, 2, false, List.of(), List.of(Key.sha1("x"))), 2, LEASE);
    assertThat(t.holders(Key.sha1("x"), 3, 10)).extracting(h -> h.peer().id()).containsExactly(b.id());
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void replaceDropsWhatIsNotListed() {
    IndexTable t = new IndexTable(100, 10);
    t.apply(reg(a, 0, false, List.of(item("x", "red"), item("y", "red")), List.of()), 0, LEASE);
    t.apply(reg(a, 1, true, List.of(item("z", "blue")), List.of()), 1, LEASE);
    assertThat(t.entriesOf(a.id())).isEqualTo(1);
    assertThat(t.search(List.of("red"), 2, 10, 10)).isEmpty();
    assertThat(t.keywords()).isEqualTo(1);
    t.apply(reg(a, 2, true, List.of(), List.of()), 2, LEASE);
    assertThat(t.size()).isZero();
    assertThat(t.keywords()).isZero();
  }

  @Test
  void leasesExpireUnlessRenewed() {
    IndexTable t = new IndexTable(100, 10);
    t.apply(reg(a, 0, false, List.of(item("x")), List.of()), 0, LEASE);
    t.apply(reg(b, 0, false, List.of(item("x")), List.of()), 0, LEASE);
    t.apply(reg(a, 800, false, List.of(), List.of()), 800, LEASE); // a renews
    assertThat(t.holders(Key.sha1("x"), 1000, 10)).extracting(h -> h.peer().id()).containsExactly(a.id());
    assertThat(t.expire(1000)).isEqualTo(1);
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.expire(1800)).isEqualTo(1);
    assertThat(t.size()).isZero();
    assertThat(t.clients()).isZero();
  }

  @Test
  void serverCapsTheLease() {
    IndexTable t = new IndexTable(100, 10);
    Registration greedy = Registration.create(a, Samples.peerOf(a, 1), 1, 1_000_000, false, List.of(item("x")), List.of());
    t.apply(greedy, 0, LEASE);
    assertThat(t.expire(LEASE)).isEqualTo(1);
  }

  @Test
  void staleOrExpiredRegistrationsAreRefused() {
    IndexTable t = new IndexTable(100, 10);
    Registration first = reg(a, 0, false, List.of(item("x")), List.of());
    t.apply(first, 0, LEASE);
    assertThatThrownBy(() -> t.apply(first, 1, LEASE)).isInstanceOf(IndexTable.Refused.class).hasMessageContaining("stale");
    Registration late = reg(a, 0, false, List.of(item("y")), List.of());
    assertThatThrownBy(() -> t.apply(late, LEASE + 5, LEASE)).isInstanceOf(IndexTable.Refused.class).hasMessageContaining("lease");
  }

  @Test
  void boundsRefuseWholeRegistrationsAndChangeNothing() {
    IndexTable t = new IndexTable(4, 3);
    t.apply(reg(a, 0, false, List.of(item("1"), item("2"), item("3")), List.of()), 0, LEASE);
    assertThatThrownBy(() -> t.apply(reg(a, 0, false, List.of(item("4")), List.of()), 0, LEASE))
        .isInstanceOf(IndexTable.Refused.class).hasMessageContaining("limit per client is 3");
    t.apply(reg(b, 0, false, List.of(item("1")), List.of()), 0, LEASE);
    assertThatThrownBy(() -> t.apply(reg(b, 0, false, List.of(item("5")), List.of()), 0, LEASE))
        .isInstanceOf(IndexTable.Refused.class).hasMessageContaining("index full");
    assertThat(t.size()).isEqualTo(4);
    // replacing within the bounds still works
    t.apply(reg(a, 0, true, List.of(item("9")), List.of()), 0, LEASE);
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void snapshotPagesCoverEverythingOnce() {
    IndexTable t = new IndexTable(10_000, 10_000);
    for (Identity id : Samples.IDS) {
      List<SharedItem> items = new ArrayList<>();
      for (int i = 0; i < 37; i++) {
        items.add(item(id.id().toHex() + i, "w" + (i % 5)));
      }
      t.apply(reg(id, 0, false, items, List.of()), 0, LEASE);
    }
    IndexTable copy = new IndexTable(10_000, 10_000);
    Key afterClient = null;
    Key afterKey = null;
    int pages = 0;
    while (true) {
      IndexTable.Page p = t.page(afterClient, afterKey, 10);
      pages++;
      p.clients().forEach(copy::merge);
      if (!p.more()) {
        break;
      }
      afterClient = p.nextClient();
      afterKey = p.nextKey();
    }
    assertThat(pages).isGreaterThanOrEqualTo(12);
    assertThat(copy.size()).isEqualTo(t.size());
    assertThat(copy.search(List.of("w3"), 1, 1000, 10)).hasSameSizeAs(t.search(List.of("w3"), 1, 1000, 10));
    assertThat(copy.lastSeq(a.id())).isEqualTo(t.lastSeq(a.id()));
  }
}
