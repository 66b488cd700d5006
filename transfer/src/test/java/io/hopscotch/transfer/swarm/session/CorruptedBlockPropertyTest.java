package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.hopscotch.transfer.swarm.net.PeerWireTransport;
import io.hopscotch.transfer.swarm.net.WireChannel;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import io.hopscotch.transfer.swarm.protocol.Handshake;
import io.hopscotch.transfer.swarm.protocol.PeerMessage;
import io.hopscotch.transfer.swarm.protocol.PeerWireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Any corrupted block is detected and fetched again: a peer serves the real content except for one
 * generated block (piece, block, byte and bit pattern chosen at random, among pieces of generated
 * count and size), in which it flips bits. The downloader finds the piece's hash wrong, fetches it
 * again from an honest seeder and ends byte-identical; when the bad peer was the piece's only source
 * it is banned. In one process on in-memory channels and virtual time.
 */
class CorruptedBlockPropertyTest {

  @TempDir
  Path dir;
  private int example;

  /** One generated case: content shape and the corruption. */
  private record Case(int pieceLength, int pieces, int lastPieceBytes, int piece, int blockPick, int bytePick, int mask,
                      boolean seederFromStart) {
  }

  private static Gen<Case> cases() {
    Gen<int[]> shape = integers().between(0, 2).zip(integers().between(1, 12), integers().between(1, 64 * 1024),
        (lenPick, pieces, last) -> new int[] {16 * 1024 << lenPick, pieces, last});
    Gen<int[]> corruption = integers().between(0, 1000).zip(integers().between(0, 1000), integers().between(0, Integer.MAX_VALUE),
        integers().between(1, 255), (piece, block, b, mask) -> new int[] {piece, block, b, mask});
    return shape.zip(corruption, booleans().all(), (s, c, seeder) -> {
      int pieceLength = s[0];
      int last = 1 + (s[2] - 1) % pieceLength;
      return new Case(pieceLength, s[1], last, c[0] % s[1], c[1], c[2], c[3], seeder);
    });
  }

  @Test
  void anyCorruptedBlockIsDetectedAndFetchedAgainFromAnHonestPeer() {
    qt().withExamples(40).forAll(cases()).checkAssert(this::check);
  }

  private void check(Case c) {
    try {
      Path root = Files.createDirectories(dir.resolve("ex" + example++));
      long size = (long) (c.pieces() - 1) * c.pieceLength() + c.lastPieceBytes();
      byte[] data = new byte[(int) size];
      new Random(size * 31 + c.mask()).nextBytes(data);
      Path source = Files.createDirectories(root.resolve("seed")).resolve("content.bin");
      Files.write(source, data);
      Metainfo meta = Metainfo.create(source, c.pieceLength(), List.of());
      int pieceSize = meta.pieceSize(c.piece());
      int blocks = (pieceSize + PeerWireCodec.BLOCK - 1) / PeerWireCodec.BLOCK;
      int begin = (c.blockPick() % blocks) * PeerWireCodec.BLOCK;
      int blockLength = Math.min(PeerWireCodec.BLOCK, pieceSize - begin);
      int offset = c.bytePick() % blockLength;

      ManualLoop loop = new ManualLoop();
      InMemoryWireNetwork network = new InMemoryWireNetwork();
      CorruptingPeer bad = new CorruptingPeer(network.transport(loop), meta, data, c.piece(), begin, offset, (byte) c.mask());
      SwarmEngine seederEngine = new SwarmEngine(network.transport(loop), loop, loop, new Random(1), SwarmConfig.DEFAULTS);
      seederEngine.start(InMemoryWireNetwork.HOST, 0);
      SwarmEngine leecherEngine = new SwarmEngine(network.transport(loop), loop, loop, new Random(2), SwarmConfig.DEFAULTS);
      leecherEngine.start(InMemoryWireNetwork.HOST, 0);
      PeerAddress badAddress = new PeerAddress(InMemoryWireNetwork.HOST, bad.port);
      PeerAddress seederAddress = new PeerAddress(InMemoryWireNetwork.HOST, seederEngine.port());
      SwarmSession leecher = leecherEngine.add(meta, root.resolve("dl"), PeerSource.fixed(List.of(badAddress)), false, p -> { })
          .result();
      SwarmSession seeder = null;
      if (c.seederFromStart()) {
        seeder = seederEngine.add(meta, source.getParent(), PeerSource.fixed(List.of()), true, p -> { }).result();
        leecher.addPeers(List.of(seederAddress));
      } else {
        // the bad peer alone: every block comes from it, so the corrupted one surely arrives
        assertThat(loop.runUntil(() -> bad.closed || leecher.complete(), 600_000)).isTrue();
        assertThat(leecher.complete()).as("a corrupted piece must never pass").isFalse();
        assertThat(bad.corruptedSent).isTrue();
        assertThat(leecher.hashFailures()).isEqualTo(1);
        assertThat(leecher.banned()).contains(badAddress.toString());
        assertThat(leecher.have().get(c.piece())).isFalse();
        seeder = seederEngine.add(meta, source.getParent(), PeerSource.fixed(List.of()), true, p -> { }).result();
        leecher.addPeers(List.of(seederAddress));
      }
      assertThat(loop.runUntil(leecher::complete, 600_000)).as("download completes").isTrue();
      assertThat(Files.mismatch(root.resolve("dl").resolve("content.bin"), source)).isEqualTo(-1);
      // Only the corrupted block fails a piece. When the bad peer shared the piece with the seeder it
      // is not banned at once and may serve that block again, so the piece can fail up to the shared
      // failure limit, after which the bad peer is banned. The block that passed came from the seeder.
      assertThat(leecher.hashFailures()).isLessThanOrEqualTo(SwarmSession.MAX_SHARED_FAILURES);
      if (leecher.hashFailures() == SwarmSession.MAX_SHARED_FAILURES) {
        assertThat(leecher.banned()).contains(badAddress.toString());
      }
      if (leecher.hashFailures() >= 1) {
        assertThat(seeder.uploadedOfPiece(c.piece())).isGreaterThanOrEqualTo(blockLength);
      }
      if (bad.corruptedSent && !c.seederFromStart()) {
        assertThat(leecher.hashFailures()).isEqualTo(1);
      }
      leecherEngine.close();
      seederEngine.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Claims every piece and serves the real bytes, except one block whose byte {@code offset} it XORs with {@code mask}. */
  private static final class CorruptingPeer {
    final PeerWireCodec codec;
    final byte[] id = "-XX0000-flipflipflip".getBytes(StandardCharsets.US_ASCII);
    final Metainfo meta;
    final byte[] data;
    final int piece;
    final int begin;
    final int offset;
    final byte mask;
    int port;
    boolean closed;
    boolean corruptedSent;

    CorruptingPeer(PeerWireTransport transport, Metainfo meta, byte[] data, int piece, int begin, int offset, byte mask) {
      this.codec = new PeerWireCodec(meta.pieceCount(), true);
      this.meta = meta;
      this.data = data;
      this.piece = piece;
      this.begin = begin;
      this.offset = offset;
      this.mask = mask;
      transport.listen(InMemoryWireNetwork.HOST, 0, this::onChannel).onSuccess(p -> port = p);
    }

    void onChannel(WireChannel ch) {
      ch.closeHandler(() -> closed = true);
      ch.handler(bytes -> {
        try {
          for (Object o : codec.feed(bytes)) {
            if (o instanceof Handshake h) {
              ch.write(new Handshake(h.infoHash(), id).encode());
              ch.write(PeerWireCodec.encode(new PeerMessage.BitfieldMessage(Bitfield.full(meta.pieceCount()).toBytes())));
              ch.write(PeerWireCodec.encode(PeerMessage.UNCHOKE));
            } else if (o instanceof PeerMessage.Request r) {
              long at = (long) r.piece() * meta.pieceLength() + r.begin();
              byte[] block = Arrays.copyOfRange(data, (int) at, (int) at + r.length());
              if (r.piece() == piece && r.begin() == begin) {
                block[offset] ^= mask;
                corruptedSent = true;
              }
              ch.write(PeerWireCodec.encode(new PeerMessage.Piece(r.piece(), r.begin(), block)));
            }
          }
        } catch (PeerWireCodec.ProtocolException e) {
          ch.close();
        }
      });
    }
  }
}
