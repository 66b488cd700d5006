package io.hopscotch.transfer.swarm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Key;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The handshake and every message survive arbitrary stream splits; oversized or malformed frames are refused. */
class PeerWireCodecTest {

  @Test
  void messagesSurviveArbitrarySplits() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      Handshake hs = new Handshake(Key.sha1("t" + seed), new byte[20]);
      List<PeerMessage> msgs = new ArrayList<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(hs.encode());
      for (int i = 0; i < 20; i++) {
        PeerMessage m = switch (r.nextInt(10)) {
          case 0 -> PeerMessage.KEEP_ALIVE;
          case 1 -> PeerMessage.CHOKE;
          case 2 -> PeerMessage.UNCHOKE;
          case 3 -> PeerMessage.INTERESTED;
          case 4 -> PeerMessage.NOT_INTERESTED;
          case 5 -> new PeerMessage.Have(r.nextInt(1000));
          case 6 -> new PeerMessage.Request(r.nextInt(100), r.nextInt(1 << 20), 16384);
          case 7 -> new PeerMessage.Cancel(r.nextInt(100), r.nextInt(1 << 20), 16384);
          case 8 -> new PeerMessage.Piece(r.nextInt(100), 0, bytes(r, r.nextInt(2000)));
          default -> new PeerMessage.BitfieldMessage(bytes(r, 125));
        };
        msgs.add(m);
        out.writeBytes(PeerWireCodec.encode(m));
      }
      byte[] all = out.toByteArray();
      PeerWireCodec codec = new PeerWireCodec(1000, true);
      List<Object> got = new ArrayList<>();
      int pos = 0;
      while (pos < all.length) {
        int n = Math.min(all.length - pos, 1 + r.nextInt(300));
        try {
          got.addAll(codec.feed(Arrays.copyOfRange(all, pos, pos + n)));
        } catch (PeerWireCodec.ProtocolException e) {
          throw new AssertionError(e);
        }
        pos += n;
      }
      assertThat(got).hasSize(msgs.size() + 1);
      assertThat(((Handshake) got.get(0)).infoHash()).isEqualTo(hs.infoHash());
      for (int i = 0; i < msgs.size(); i++) {
        assertThat(PeerWireCodec.encode((PeerMessage) got.get(i + 1))).isEqualTo(PeerWireCodec.encode(msgs.get(i)));
      }
    });
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void refusesOversizedAndMalformedMessages() {
    PeerWireCodec c = new PeerWireCodec(100, false);
    assertThatThrownBy(() -> c.feed(ByteBuffer.allocate(4).putInt(10_000_000).array()))
        .hasMessageContaining("exceeds the limit");
    PeerWireCodec c2 = new PeerWireCodec(100, false);
    assertThatThrownBy(() -> c2.feed(ByteBuffer.allocate(7).putInt(3).put((byte) 4).putShort((short) 1).array()))
        .hasMessageContaining("message id 4 must be 5 bytes");
    PeerWireCodec c3 = new PeerWireCodec(100, true);
    byte[] bad = new byte[68];
    bad[0] = 19;
    assertThatThrownBy(() -> c3.feed(bad)).hasMessageContaining("not a BitTorrent handshake");
  }

  @Test
  void bitfieldRejectsSpareBitsAndWrongLengths() {
    Bitfield b = new Bitfield(10);
    b.set(0);
    b.set(9);
    assertThat(Bitfield.fromBytes(b.toBytes(), 10)).isEqualTo(b);
    assertThat(b.toBytes()).containsExactly((byte) 0x80, (byte) 0x40);
    assertThatThrownBy(() -> Bitfield.fromBytes(new byte[] {0, 0x20}, 10)).hasMessageContaining("spare bit 10");
    assertThatThrownBy(() -> Bitfield.fromBytes(new byte[3], 10)).hasMessageContaining("expected 2");
  }

  @Test
  void randomBytesEitherDecodeOrFailWithAProtocolError() {
    qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      PeerWireCodec c = new PeerWireCodec(1 + r.nextInt(5000), r.nextBoolean());
      for (int i = 0; i < 20; i++) {
        byte[] junk = bytes(r, r.nextInt(200));
        if (r.nextBoolean() && junk.length >= 4) {
          junk[0] = 0;
          junk[1] = 0;
          junk[2] = 0;
        }
        try {
          c.feed(junk);
        } catch (PeerWireCodec.ProtocolException e) {
          assertThat(e.getMessage()).isNotBlank();
          return;
        }
      }
    });
  }
}
