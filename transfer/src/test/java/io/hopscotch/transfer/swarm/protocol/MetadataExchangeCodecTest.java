package io.hopscotch.transfer.swarm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codecs of the extension protocol (BEP 10) and the metadata exchange (BEP 9): the handshake's
 * extension bit, extended messages on the wire, extended handshakes and ut_metadata messages
 * round-trip; malformed or out-of-bounds input — random, mutated or truncated — fails with a
 * {@link PeerWireCodec.ProtocolException} and a reason, never with anything else.
 */
class MetadataExchangeCodecTest {

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void theHandshakeCarriesTheExtensionBitAndNothingElse() {
    byte[] id = ascii("-HS0100-abcdefghijkl");
    byte[] with = new Handshake(Key.sha1("x"), id).encode();
    assertThat(with[25]).isEqualTo((byte) 0x10);
    assertThat(Arrays.copyOfRange(with, 20, 28)).containsExactly(0, 0, 0, 0, 0, 0x10, 0, 0);
    assertThat(Handshake.decode(with, 0).extensionProtocol()).isTrue();
    byte[] without = new Handshake(Key.sha1("x"), id, false).encode();
    assertThat(Handshake.decode(without, 0).extensionProtocol()).isFalse();
    // other reserved bits (DHT, fast extension) are tolerated and do not count as BEP 10
    without[27] = 0x05;
    assertThat(Handshake.decode(without, 0).extensionProtocol()).isFalse();
  }

  @Test
  void extendedMessagesRoundTripThroughThePeerWireCodec() throws Exception {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      PeerMessage.Extended m = new PeerMessage.Extended(r.nextInt(256), bytes(r, r.nextInt(20_000)));
      PeerWireCodec c = new PeerWireCodec(10, false);
      try {
        List<Object> got = c.feed(PeerWireCodec.encode(m));
        assertThat(got).hasSize(1);
        PeerMessage.Extended back = (PeerMessage.Extended) got.get(0);
        assertThat(back.extendedId()).isEqualTo(m.extendedId());
        assertThat(back.payload()).isEqualTo(m.payload());
      } catch (PeerWireCodec.ProtocolException e) {
        throw new AssertionError(e);
      }
    });
    PeerWireCodec c = new PeerWireCodec(10, false);
    assertThatThrownBy(() -> c.feed(new byte[] {0, 0, 0, 1, 20})).hasMessageContaining("no extended message id");
    assertThatThrownBy(() -> PeerWireCodec.encode(new PeerMessage.Extended(256, new byte[0]))).hasMessageContaining("0..255");
  }

  @Test
  void extendedHandshakesRoundTrip() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      Map<String, Integer> ext = new LinkedHashMap<>();
      for (int i = r.nextInt(5); i > 0; i--) {
        ext.put("ext_" + r.nextInt(100), r.nextInt(256));
      }
      long size = r.nextBoolean() ? -1 : r.nextInt(MetadataMessage.MAX_METADATA_SIZE);
      ExtensionHandshake hs = new ExtensionHandshake(ext, size, r.nextBoolean() ? null : "client " + r.nextInt(10));
      try {
        ExtensionHandshake back = ExtensionHandshake.decode(hs.encode());
        assertThat(back.extensions()).isEqualTo(hs.extensions());
        assertThat(back.metadataSize()).isEqualTo(size);
        assertThat(back.client()).isEqualTo(hs.client());
      } catch (PeerWireCodec.ProtocolException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void extendedHandshakeDecodingNamesTheProblem() throws Exception {
    assertThat(ExtensionHandshake.decode(ascii("d1:md11:ut_metadatai3ee13:metadata_sizei100e1:v3:abce")).idOf("ut_metadata"))
        .isEqualTo(3);
    assertThat(ExtensionHandshake.decode(ascii("d1:mdee")).idOf("ut_metadata")).isZero();
    assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d1:mi5ee"))).hasMessageContaining("key 'm' must be a dictionary");
    assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("de"))).hasMessageContaining("missing key 'm'");
    assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d1:md11:ut_metadatai300eee"))).hasMessageContaining("0..255");
    assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d1:mde13:metadata_sizei-1ee"))).hasMessageContaining("negative");
    assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d1:mdee4:junk"))).hasMessageContaining("malformed extended handshake");
  }

  @Test
  void metadataMessagesRoundTrip() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      byte[] info = bytes(r, 1 + r.nextInt(100_000));
      int pieces = MetadataMessage.pieceCount(info.length);
      int p = r.nextInt(pieces);
      List<MetadataMessage> all = List.of(MetadataMessage.request(p), MetadataMessage.reject(p), MetadataMessage.dataOf(info, p));
      for (MetadataMessage m : all) {
        try {
          MetadataMessage back = MetadataMessage.decode(m.encode());
          assertThat(back.type()).isEqualTo(m.type());
          assertThat(back.piece()).isEqualTo(p);
          assertThat(back.totalSize()).isEqualTo(m.totalSize());
          assertThat(back.data()).isEqualTo(m.data());
        } catch (PeerWireCodec.ProtocolException e) {
          throw new AssertionError(e);
        }
      }
      assertThat(MetadataMessage.dataOf(info, p).data()).hasSize(MetadataMessage.pieceSize(info.length, p));
    });
  }

  @Test
  void metadataDecodingEnforcesTheBounds() throws Exception {
    assertThat(MetadataMessage.decode(ascii("d8:msg_typei7e5:piecei0ee")).type()).isEqualTo(MetadataMessage.Type.OTHER);
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei8388609ee")))
        .hasMessageContaining("total_size 8388609 not in 1..8388608");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei0ee")))
        .hasMessageContaining("total_size 0");
    byte[] tooLong = Arrays.copyOf(ascii("d8:msg_typei1e5:piecei0e10:total_sizei99999ee"), 47 + MetadataMessage.PIECE + 1);
    assertThatThrownBy(() -> MetadataMessage.decode(tooLong)).hasMessageContaining("at most 16384");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d8:msg_typei0e5:piecei-1ee"))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d8:msg_typei0e5:piecei512ee"))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d8:msg_typei0e5:piecei0eexyz"))).hasMessageContaining("3 trailing bytes");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("d5:piecei0ee"))).hasMessageContaining("missing key 'msg_type'");
    assertThatThrownBy(() -> MetadataMessage.decode(ascii("li1ee"))).hasMessageContaining("does not start with a dictionary");
    assertThatThrownBy(() -> MetadataMessage.decode(new byte[0])).hasMessageContaining("malformed metadata message");
  }

  /** Feeds random, mutated and truncated messages: each decodes or fails with a reason, never otherwise. */
  @Test
  void fuzzedInputDecodesOrFailsWithAProtocolError() {
    byte[] info = bytes(new Random(1), 40_000);
    List<byte[]> valid = List.of(MetadataMessage.request(1).encode(), MetadataMessage.reject(2).encode(),
        MetadataMessage.dataOf(info, 2).encode(), new ExtensionHandshake(Map.of("ut_metadata", 3), 40_000, "x").encode());
    qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      byte[] input;
      switch (r.nextInt(3)) {
        case 0 -> input = bytes(r, r.nextInt(64));
        case 1 -> {
          input = valid.get(r.nextInt(valid.size())).clone();
          for (int i = 1 + r.nextInt(4); i > 0; i--) {
            input[r.nextInt(input.length)] = (byte) r.nextInt(256);
          }
        }
        default -> {
          byte[] v = valid.get(r.nextInt(valid.size()));
          input = Arrays.copyOf(v, r.nextInt(v.length + 1));
        }
      }
      for (boolean handshake : new boolean[] {true, false}) {
        try {
          if (handshake) {
            ExtensionHandshake.decode(input);
          } else {
            MetadataMessage m = MetadataMessage.decode(input);
            assertThat(m.piece()).isBetween(0, MetadataMessage.pieceCount(MetadataMessage.MAX_METADATA_SIZE) - 1);
            assertThat(m.data().length).isLessThanOrEqualTo(MetadataMessage.PIECE);
          }
        } catch (PeerWireCodec.ProtocolException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    });
  }
}
