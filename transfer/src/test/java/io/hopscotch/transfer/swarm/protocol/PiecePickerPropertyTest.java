package io.hopscotch.transfer.swarm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rarest first, strict priority, random first piece and endgame, on random swarms. */
class PiecePickerPropertyTest {

  private static final int PIECE = 4 * PeerWireCodec.BLOCK;

  @Test
  void rarestFirstNeverPicksAPieceHeldByMorePeersThanAnotherWantedPiece() {
    qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      int n = 2 + r.nextInt(60);
      Bitfield have = new Bitfield(n);
      have.set(r.nextInt(n)); // past the random-first phase
      PiecePicker picker = new PiecePicker(have, i -> PIECE, r);
      for (int p = r.nextInt(10); p >= 0; p--) {
        Bitfield other = randomBits(r, n);
        picker.addPeer(other);
      }
      Bitfield peer = randomBits(r, n);
      picker.addPeer(peer);
      int started = picker.choosePiece(peer);
      for (int i = 0; i < n; i++) {
        if (peer.get(i) && !have.get(i) && i != started) {
          assertThat(started).isNotNegative();
          assertThat(picker.availability(started)).isLessThanOrEqualTo(picker.availability(i));
        }
      }
      if (started < 0) {
        assertThat(peer.hasAnyMissingFrom(have)).isFalse();
      }
    });
  }

  @Test
  void strictPriorityFinishesStartedPiecesBeforeStartingNewOnes() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      int n = 4 + r.nextInt(20);
      PiecePicker picker = new PiecePicker(new Bitfield(n), i -> PIECE, r);
      Bitfield full = Bitfield.full(n);
      picker.addPeer(full);
      List<Block> first = picker.pick(full, 2, Set.of());
      assertThat(first).extracting(Block::piece).containsOnly(first.get(0).piece());
      picker.requestDropped(first.get(1));
      List<Block> next = picker.pick(full, 4, Set.of());
      assertThat(next.get(0)).isEqualTo(first.get(1));
      assertThat(next.subList(0, 3)).extracting(Block::piece).containsOnly(first.get(0).piece());
    });
  }

  @Test
  void everyBlockIsEventuallyReceivedOnceAndEndgameDuplicatesOnlyInFlightBlocks() {
    qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      int n = 1 + r.nextInt(12);
      int last = 1 + r.nextInt(PIECE);
      Bitfield have = new Bitfield(n);
      PiecePicker picker = new PiecePicker(have, i -> i == n - 1 ? last : PIECE, r);
      Bitfield full = Bitfield.full(n);
      picker.addPeer(full);
      Set<Block> peerA = new HashSet<>(picker.pick(full, Integer.MAX_VALUE, Set.of()));
      assertThat(picker.endgame()).isTrue();
      List<Block> dup = picker.pick(full, Integer.MAX_VALUE, Set.of());
      assertThat(new HashSet<>(dup)).isEqualTo(peerA);
      assertThat(picker.pick(full, Integer.MAX_VALUE, peerA)).isEmpty();
      int completed = 0;
      for (Block b : new ArrayList<>(peerA)) {
        if (picker.blockReceived(b)) {
          picker.pieceVerified(b.piece());
          completed++;
        }
        assertThat(picker.blockReceived(b)).isFalse();
      }
      assertThat(completed).isEqualTo(n);
      assertThat(have.complete()).isTrue();
    });
  }

  @Test
  void aFailedPieceIsRequestedAgain() {
    Random r = new Random(1);
    Bitfield have = new Bitfield(1);
    PiecePicker picker = new PiecePicker(have, i -> PIECE, r);
    Bitfield full = Bitfield.full(1);
    List<Block> blocks = picker.pick(full, 10, Set.of());
    assertThat(blocks).hasSize(4);
    blocks.forEach(picker::blockReceived);
    picker.pieceFailed(0);
    assertThat(picker.pick(full, 10, Set.of())).containsExactlyElementsOf(blocks);
  }

  private static Bitfield randomBits(Random r, int n) {
    Bitfield b = new Bitfield(n);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(3) == 0) {
        b.set(i);
      }
    }
    return b;
  }
}
