package io.hopscotch.transfer.swarm.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Chooses which blocks to request (Cohen 2003, section 2.3): strict priority — blocks of a piece
 * already started come first; then a new piece, chosen at random while no piece is complete yet
 * (random first piece) and afterwards the rarest among those the peer has (ties broken at random);
 * and endgame mode once every missing block is requested, when blocks still in flight are asked of
 * further peers too (the caller cancels the duplicates when a block arrives).
 *
 * <p>Availability counts how many connected peers have each piece; the session keeps it current.
 */
public final class PiecePicker {

  private final int pieceCount;
  private final IntUnaryOperator pieceSize;
  private final Bitfield have;
  private final Random random;
  private final int[] availability;
  private final Map<Integer, PieceProgress> active = new LinkedHashMap<>();

  /** Block states of a piece being downloaded. */
  private static final class PieceProgress {
    final int[] requested;
    final boolean[] received;
    int receivedCount;

    PieceProgress(int blocks) {
      requested = new int[blocks];
      received = new boolean[blocks];
    }
  }

  /**
   * A picker over {@code have} (shared with the session: verified pieces).
   *
   * @param pieceSize bytes of piece i
   * @param random for random-first and tie breaking
   */
  public PiecePicker(Bitfield have, IntUnaryOperator pieceSize, Random random) {
    this.pieceCount = have.size();
    this.have = have;
    this.pieceSize = pieceSize;
    this.random = random;
    this.availability = new int[pieceCount];
  }

  /** Counts a newly connected peer's pieces. */
  public void addPeer(Bitfield peer) {
    for (int i = peer.nextSet(0); i >= 0; i = peer.nextSet(i + 1)) {
      availability[i]++;
    }
  }

  /** Uncounts a departed peer's pieces. */
  public void removePeer(Bitfield peer) {
    for (int i = peer.nextSet(0); i >= 0; i = peer.nextSet(i + 1)) {
      availability[i] = Math.max(0, availability[i] - 1);
    }
  }

  /** Counts one piece a peer announced with have. */
  public void peerHas(int piece) {
    availability[piece]++;
  }

  /** Number of connected peers known to have {@code piece}. */
  public int availability(int piece) {
    return availability[piece];
  }

  /** Number of blocks in piece {@code piece}. */
  public int blockCount(int piece) {
    return (pieceSize.applyAsInt(piece) + PeerWireCodec.BLOCK - 1) / PeerWireCodec.BLOCK;
  }

  private Block block(int piece, int index) {
    int begin = index * PeerWireCodec.BLOCK;
    return new Block(piece, begin, Math.min(PeerWireCodec.BLOCK, pieceSize.applyAsInt(piece) - begin));
  }

  /** True if {@code peer} has some piece this node still wants. */
  public boolean interestingPeer(Bitfield peer) {
    return peer.hasAnyMissingFrom(have);
  }

  /**
   * Up to {@code max} blocks to request from a peer that has {@code peer}, marking them requested.
   *
   * @param inFlight blocks already requested from this peer (never picked again)
   */
  public List<Block> pick(Bitfield peer, int max, Set<Block> inFlight) {
    List<Block> out = new ArrayList<>();
    for (Map.Entry<Integer, PieceProgress> e : active.entrySet()) {
      if (out.size() >= max) {
        return out;
      }
      if (peer.get(e.getKey())) {
        takeUnrequested(e.getKey(), e.getValue(), max, out);
      }
    }
    while (out.size() < max) {
      int next = choosePiece(peer);
      if (next < 0) {
        break;
      }
      PieceProgress p = new PieceProgress(blockCount(next));
      active.put(next, p);
      takeUnrequested(next, p, max, out);
    }
    if (out.isEmpty() && endgame()) {
      for (Map.Entry<Integer, PieceProgress> e : active.entrySet()) {
        if (!peer.get(e.getKey())) {
          continue;
        }
        PieceProgress p = e.getValue();
        for (int b = 0; b < p.received.length && out.size() < max; b++) {
          Block blk = block(e.getKey(), b);
          if (!p.received[b] && !inFlight.contains(blk)) {
            p.requested[b]++;
            out.add(blk);
          }
        }
      }
    }
    return out;
  }

  private void takeUnrequested(int piece, PieceProgress p, int max, List<Block> out) {
    for (int b = 0; b < p.received.length && out.size() < max; b++) {
      if (!p.received[b] && p.requested[b] == 0) {
        p.requested[b] = 1;
        out.add(block(piece, b));
      }
    }
  }

  /** A new piece to start: random before the first completes, then rarest first; -1 if none. */
  int choosePiece(Bitfield peer) {
    boolean randomFirst = have.cardinality() == 0;
    int best = -1;
    int bestAvail = Integer.MAX_VALUE;
    int ties = 0;
    for (int i = peer.nextSet(0); i >= 0; i = peer.nextSet(i + 1)) {
      if (have.get(i) || active.containsKey(i)) {
        continue;
      }
      int a = randomFirst ? 0 : availability[i];
      if (a < bestAvail) {
        best = i;
        bestAvail = a;
        ties = 1;
      } else if (a == bestAvail && random.nextInt(++ties) == 0) {
        best = i;
      }
    }
    return best;
  }

  /** True once every missing piece is started and every block not yet received is requested. */
  public boolean endgame() {
    if (active.size() != pieceCount - have.cardinality()) {
      return false;
    }
    for (PieceProgress p : active.values()) {
      for (int b = 0; b < p.received.length; b++) {
        if (!p.received[b] && p.requested[b] == 0) {
          return false;
        }
      }
    }
    return !active.isEmpty();
  }

  /**
   * Records that a block arrived. Returns true if this completed its piece (every block received),
   * false otherwise, including for a block that was not wanted (already received, piece done).
   */
  public boolean blockReceived(Block b) {
    PieceProgress p = active.get(b.piece());
    if (p == null || b.begin() % PeerWireCodec.BLOCK != 0) {
      return false;
    }
    int i = b.begin() / PeerWireCodec.BLOCK;
    if (i >= p.received.length || p.received[i]) {
      return false;
    }
    p.received[i] = true;
    p.receivedCount++;
    return p.receivedCount == p.received.length;
  }

  /** True if the block is wanted and not yet received. */
  public boolean wanted(Block b) {
    PieceProgress p = active.get(b.piece());
    if (p == null || b.begin() % PeerWireCodec.BLOCK != 0) {
      return false;
    }
    int i = b.begin() / PeerWireCodec.BLOCK;
    return i < p.received.length && !p.received[i] && block(b.piece(), i).equals(b);
  }

  /** A request that will not be answered (peer choked us, left, or it was cancelled): may be asked again. */
  public void requestDropped(Block b) {
    PieceProgress p = active.get(b.piece());
    if (p == null) {
      return;
    }
    int i = b.begin() / PeerWireCodec.BLOCK;
    if (i < p.requested.length && p.requested[i] > 0) {
      p.requested[i]--;
    }
  }

  /** The piece was verified and stored; it is no longer active. */
  public void pieceVerified(int piece) {
    active.remove(piece);
    have.set(piece);
  }

  /** The piece failed its hash check: every block is wanted again. */
  public void pieceFailed(int piece) {
    active.remove(piece);
  }

  /** Pieces being downloaded now. */
  public Set<Integer> activePieces() {
    return Set.copyOf(active.keySet());
  }
}
