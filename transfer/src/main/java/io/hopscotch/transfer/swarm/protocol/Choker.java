package io.hopscotch.transfer.swarm.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Tit-for-tat choking (Cohen 2003, section 2.4): every re-choke (10 s) the {@code slots} interested,
 * not snubbed peers with the best rate are unchoked — the rate they upload to us while we download,
 * the rate we upload to them once we seed — plus one optimistic unchoke, a random other interested
 * peer, rotated every third re-choke (30 s). So at most {@code slots + 1} peers are unchoked.
 *
 * @param <K> peer handle type
 */
public final class Choker<K> {

  /** Default number of upload slots. */
  public static final int DEFAULT_SLOTS = 4;
  /** Re-choke period in milliseconds. */
  public static final long RECHOKE_MILLIS = 10_000;
  /** Re-chokes between optimistic-unchoke rotations (30 s). */
  public static final int OPTIMISTIC_EVERY = 3;

  /**
   * What the choker knows of a peer.
   *
   * @param peer handle
   * @param interested the peer wants something we have
   * @param rate bytes per second: its upload to us when leeching, our upload to it when seeding
   * @param snubbed it has sent us nothing for a long time although we asked
   */
  public record PeerView<K>(K peer, boolean interested, double rate, boolean snubbed) {
  }

  private final int slots;
  private final Random random;
  private K optimistic;
  private int round;

  /** A choker with {@code slots} regular upload slots. */
  public Choker(int slots, Random random) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    }
    this.slots = slots;
    this.random = random;
  }

  /** Decides the peers to unchoke for the next period; call every {@link #RECHOKE_MILLIS}. */
  public Set<K> rechoke(List<PeerView<K>> peers) {
    boolean rotate = round++ % OPTIMISTIC_EVERY == 0;
    List<PeerView<K>> candidates = new ArrayList<>();
    for (PeerView<K> p : peers) {
      if (p.interested() && !p.snubbed()) {
        candidates.add(p);
      }
    }
    candidates.sort(Comparator.comparingDouble((PeerView<K> p) -> -p.rate()));
    Set<K> out = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(slots, candidates.size()); i++) {
      out.add(candidates.get(i).peer());
    }
    List<K> others = new ArrayList<>();
    boolean keep = false;
    for (PeerView<K> p : peers) {
      if (p.interested() && !out.contains(p.peer())) {
        others.add(p.peer());
        keep |= p.peer().equals(optimistic);
      }
    }
    if (rotate || !keep) {
      optimistic = others.isEmpty() ? null : others.get(random.nextInt(others.size()));
    }
    if (optimistic != null) {
      out.add(optimistic);
    }
    return out;
  }

  /**
   * What the choker knows of a peer between re-chokes, to find slots that upload nothing.
   *
   * @param peer handle
   * @param unchoked we are not choking it
   * @param interested it wants something we have
   * @param idle unchoked and it has asked us for nothing for a while (its slot uploads nothing)
   * @param rate bytes per second, as in {@link PeerView#rate}
   */
  public record SlotView<K>(K peer, boolean unchoked, boolean interested, boolean idle, double rate) {
  }

  /**
   * A swap of one idle slot: choke {@code from}, unchoke {@code to}.
   *
   * @param from an unchoked peer that asked for nothing
   * @param to a choked, interested peer
   */
  public record Swap<K>(K from, K to) {
  }

  /**
   * Between re-chokes, gives the slots of unchoked peers that ask for nothing (not interested any
   * more, or every piece they want from us is being fetched elsewhere) to choked peers that are
   * interested, the fastest first: with an upload cap, a slot that carries no requests wastes upload
   * capacity for up to a whole re-choke period while others wait. The number of unchoked peers stays
   * the same, so the bound of slots plus one optimistic holds. The optimistic unchoke moves to the
   * newcomer if it was the idle one.
   *
   * @return the swaps to carry out, at most one per idle slot and one per waiting peer
   */
  public List<Swap<K>> reassignIdle(List<SlotView<K>> peers) {
    List<K> idle = new ArrayList<>();
    List<SlotView<K>> waiting = new ArrayList<>();
    for (SlotView<K> p : peers) {
      if (p.unchoked() && p.idle()) {
        idle.add(p.peer());
      } else if (!p.unchoked() && p.interested()) {
        waiting.add(p);
      }
    }
    if (idle.isEmpty() || waiting.isEmpty()) {
      return List.of();
    }
    java.util.Collections.shuffle(waiting, random);
    waiting.sort(Comparator.comparingDouble((SlotView<K> p) -> -p.rate()));
    List<Swap<K>> out = new ArrayList<>();
    for (int i = 0; i < Math.min(idle.size(), waiting.size()); i++) {
      Swap<K> s = new Swap<>(idle.get(i), waiting.get(i).peer());
      if (s.from().equals(optimistic)) {
        optimistic = s.to();
      }
      out.add(s);
    }
    return out;
  }

  /** The current optimistic unchoke, or null. */
  public K optimistic() {
    return optimistic;
  }
}
