package io.hopscotch.transfer.swarm.session;

import io.hopscotch.transfer.swarm.protocol.Bitfield;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntToLongFunction;

/**
 * Initial seeding, after BEP 16 ("super-seeding"): a seeder sends no bitfield, and announces to each
 * peer (with have) only a few pieces at a time, always pieces the peer lacks that the seeder has
 * uploaded and offered fewest times. So while some piece has not yet left the seeder, two leechers are
 * not both offered the same piece, and the seeder's upload goes to pieces nobody has; a piece a peer
 * announces (whether it got it from the seeder or from another leecher) settles that peer's offer and
 * a fresh one takes its place.
 *
 * <p>Without it the seeder advertises everything; leechers choose rarest first among all of it, and
 * with {@code have} messages in flight two of them sometimes ask the seeder for the same piece before
 * every piece is out. Used from one event loop.
 *
 * @param <T> a peer (a connection)
 */
final class SeedingOffers<T> {

  /** Pieces offered and not yet held, per peer: with 256 KiB pieces a few seconds of a slot's upload. */
  static final int PER_PEER = 4;

  private final int pieces;
  private final IntToLongFunction timesUploaded;
  private final Random random;
  private final int perPeer;
  private final int[] outstanding;
  private final Map<T, Set<Integer>> offered = new HashMap<>();

  /**
   * Offers over {@code pieces} pieces.
   *
   * @param timesUploaded how many whole copies of a piece the seeder has uploaded so far
   * @param perPeer most offers outstanding per peer, at least 1
   */
  SeedingOffers(int pieces, IntToLongFunction timesUploaded, Random random, int perPeer) {
    if (perPeer < 1) {
      throw new IllegalArgumentException("perPeer must be >= 1, got " + perPeer);
    }
    this.pieces = pieces;
    this.timesUploaded = timesUploaded;
    this.random = random;
    this.perPeer = perPeer;
    this.outstanding = new int[pieces];
  }

  /**
   * Tops {@code peer}'s outstanding offers up to the limit and returns the new ones (to announce with
   * have): each a piece the peer lacks, not yet offered to it, with the fewest uploads plus offers
   * outstanding to others; ties broken at random.
   */
  List<Integer> offer(T peer, Bitfield peerHas) {
    Set<Integer> mine = offered.computeIfAbsent(peer, k -> new LinkedHashSet<>());
    List<Integer> out = new ArrayList<>();
    while (mine.size() < perPeer) {
      int best = -1;
      long bestScore = Long.MAX_VALUE;
      int ties = 0;
      for (int p = 0; p < pieces; p++) {
        if (peerHas.get(p) || mine.contains(p)) {
          continue;
        }
        long score = timesUploaded.applyAsLong(p) + outstanding[p];
        if (score < bestScore) {
          best = p;
          bestScore = score;
          ties = 1;
        } else if (score == bestScore && random.nextInt(++ties) == 0) {
          best = p;
        }
      }
      if (best < 0) {
        break;
      }
      mine.add(best);
      outstanding[best]++;
      out.add(best);
    }
    return out;
  }

  /** {@code peer} now holds {@code piece}; true if that settled an offer to it. */
  boolean settled(T peer, int piece) {
    Set<Integer> mine = offered.get(peer);
    if (mine != null && mine.remove(piece)) {
      outstanding[piece]--;
      return true;
    }
    return false;
  }

  /** Forgets a peer that left, releasing its offers. */
  void forget(T peer) {
    Set<Integer> mine = offered.remove(peer);
    if (mine != null) {
      mine.forEach(p -> outstanding[p]--);
    }
  }

  /** Offers of {@code piece} outstanding to all peers. */
  int outstanding(int piece) {
    return outstanding[piece];
  }

  /** The pieces offered to {@code peer} and not yet held by it (a copy). */
  Set<Integer> offeredTo(T peer) {
    return Set.copyOf(offered.getOrDefault(peer, Set.of()));
  }
}
