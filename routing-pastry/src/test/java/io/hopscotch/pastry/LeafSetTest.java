package io.hopscotch.pastry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leaf set around the ring: sides, wrap past zero, small rings, range and closeness. */
class LeafSetTest {

  private static Peer peer(long v) {
    return new Peer(Key.fromBigInteger(BigInteger.valueOf(v).shiftLeft(120)), Address.of("sim-" + v, 1));
  }

  private static List<Long> values(List<Peer> peers) {
    return peers.stream().map(p -> p.id().toBigInteger().shiftRight(120).longValue()).toList();
  }

  @Test
  void keepsTheNearestHalfOnEachSideAcrossZero() {
    LeafSet ls = new LeafSet(peer(100), 4);
    for (long v : new long[] {90, 95, 99, 101, 105, 110, 200, 5}) {
      ls.offer(peer(v));
    }
    assertThat(values(ls.left())).containsExactly(99L, 95L);
    assertThat(values(ls.right())).containsExactly(101L, 105L);
    assertThat(ls.covers(peer(97).id())).isTrue();
    assertThat(ls.covers(peer(150).id())).isFalse();
    assertThat(values(ls.closest(peer(102).id(), 3))).containsExactly(101L, 100L, 99L);
    assertThat(ls.wouldAdd(peer(98).id())).isTrue();
    assertThat(ls.wouldAdd(peer(80).id())).isFalse();

    LeafSet nearZero = new LeafSet(peer(2), 4);
    long top = BigInteger.ONE.shiftLeft(40).longValue();
    for (long v : new long[] {top - 1, top - 3, 4, 8, 50}) {
      nearZero.offer(peer(v));
    }
    assertThat(values(nearZero.left())).containsExactly(top - 1, top - 3);
    assertThat(values(nearZero.right())).containsExactly(4L, 8L);
    assertThat(nearZero.covers(peer(0).id())).isTrue();
  }

  @Test
  void aSmallRingSitsOnBothSidesAndIsCoveredWhole() {
    LeafSet ls = new LeafSet(peer(100), 8);
    ls.offer(peer(50));
    ls.offer(peer(150));
    assertThat(values(ls.left())).containsExactly(50L, 150L);
    assertThat(values(ls.right())).containsExactly(150L, 50L);
    assertThat(ls.size()).isEqualTo(2);
    assertThat(ls.covers(peer(7).id())).isTrue();
    assertThat(ls.remove(peer(50).id())).isTrue();
    assertThat(values(ls.members())).containsExactly(150L);
    assertThat(ls.remove(peer(50).id())).isFalse();
  }
}
