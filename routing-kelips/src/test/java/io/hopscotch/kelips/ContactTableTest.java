package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contacts, spares and the bookkeeping of groups that lost every contact. */
class ContactTableTest {

  private static final AffinityGroups GROUPS = new AffinityGroups(2);
  private static final long EMPTY_AFTER_MS = 10_000;

  /** {@code n} distinct peers of group {@code g}. */
  private static List<Peer> peersOf(int g, int n) {
    List<Peer> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      Key id = Key.sha1("peer-" + i);
      if (GROUPS.groupOf(id) == g) {
        out.add(new Peer(id, Address.of("127.0.0.1", 4000 + i)));
      }
    }
    return out;
  }

  @Test
  void aSpareReportedDeadIsNotPromotedLater() {
    ContactTable t = new ContactTable(GROUPS, 0, 1, EMPTY_AFTER_MS);
    List<Peer> p = peersOf(1, 3);
    t.offer(p.get(0), 1);
    t.offer(p.get(1), 1); // group full: kept as a spare
    assertThat(t.spares()).isEqualTo(1);
    assertThat(t.remove(p.get(1).id(), 100)).as("a spare is not a contact").isFalse();
    assertThat(t.spares()).isZero();
    t.remove(p.get(0).id(), 200);
    assertThat(t.of(1)).isEmpty();
  }

  @Test
  void aGroupThatLostItsContactsCountsAsKnownUntilTheWindowEndsAndIsReportedOnce() {
    ContactTable t = new ContactTable(GROUPS, 0, 2, EMPTY_AFTER_MS);
    Peer p = peersOf(1, 1).get(0);
    t.offer(p, 1);
    t.remove(p.id(), 1_000);
    assertThat(t.known(1, 1_000 + EMPTY_AFTER_MS - 1)).isTrue();
    assertThat(t.vanished(1_000 + EMPTY_AFTER_MS - 1)).isEmpty();
    assertThat(t.vanished(1_000 + EMPTY_AFTER_MS)).containsExactly(1);
    assertThat(t.vanished(1_000 + 2 * EMPTY_AFTER_MS)).as("reported once").isEmpty();
    assertThat(t.known(1, 1_000 + EMPTY_AFTER_MS)).isFalse();
  }

  @Test
  void markEmptyEndsTheWindowAtOnceButNotWhileAContactIsHeld() {
    ContactTable t = new ContactTable(GROUPS, 0, 2, EMPTY_AFTER_MS);
    List<Peer> p = peersOf(1, 2);
    t.offer(p.get(0), 1);
    t.offer(p.get(1), 1);
    t.remove(p.get(0).id(), 1_000);
    assertThat(t.markEmpty(1, 1_001)).as("another contact is held").isFalse();
    assertThat(t.known(1, 1_001)).isTrue();
    t.remove(p.get(1).id(), 1_002);
    assertThat(t.markEmpty(1, 1_003)).isTrue();
    assertThat(t.known(1, 1_003)).isFalse();
    assertThat(t.markEmpty(1, 1_004)).as("already empty").isFalse();
    assertThat(t.vanished(1_000_000)).as("marked empty, so not reported again").isEmpty();
  }
}
