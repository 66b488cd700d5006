package io.hopscotch.transfer.swarm.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Round trips of random values, and precise rejection of malformed or non-canonical input. */
class BencodeTest {

  static BValue randomValue(Random r, int depth) {
    int kind = depth > 3 ? r.nextInt(2) : r.nextInt(4);
    switch (kind) {
      case 0:
        return new BValue.BInt(r.nextBoolean() ? r.nextLong() : r.nextInt(100) - 50);
      case 1: {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return new BValue.BBytes(b);
      }
      case 2: {
        List<BValue> items = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          items.add(randomValue(r, depth + 1));
        }
        return new BValue.BList(items);
      }
      default: {
        TreeMap<String, BValue> m = new TreeMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          byte[] k = new byte[r.nextInt(6)];
          r.nextBytes(k);
          m.put(new String(k, StandardCharsets.ISO_8859_1), randomValue(r, depth + 1));
        }
        return new BValue.BDict(m);
      }
    }
  }

  @Test
  void randomValuesRoundTripToTheSameBytes() {
    qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
      BValue v = randomValue(new Random(seed), 0);
      byte[] enc = Bencode.encode(v);
      BValue back = Bencode.decode(enc);
      assertThat(back).isEqualTo(v);
      assertThat(Bencode.encode(back)).isEqualTo(enc);
    });
  }

  @Test
  void truncatedOrMutatedEncodingsAreRejectedOrDecodeCanonically() {
    qt().withExamples(500).forAll(longs().all(), integers().between(0, 1000)).checkAssert((seed, cut) -> {
      Random r = new Random(seed);
      byte[] enc = Bencode.encode(randomValue(r, 0));
      if (enc.length > 1) {
        byte[] truncated = java.util.Arrays.copyOf(enc, cut % enc.length);
        assertThatThrownBy(() -> Bencode.decode(truncated)).isInstanceOf(BencodeException.class);
      }
      byte[] mutated = enc.clone();
      mutated[r.nextInt(mutated.length)] = (byte) r.nextInt(256);
      try {
        BValue v = Bencode.decode(mutated);
        assertThat(Bencode.encode(v)).isEqualTo(mutated);
      } catch (BencodeException e) {
        assertThat(e.getMessage()).contains("offset");
      }
    });
  }

  @Test
  void knownForms() {
    assertThat(Bencode.decode(ascii("i42e"))).isEqualTo(new BValue.BInt(42));
    assertThat(Bencode.decode(ascii("i-3e"))).isEqualTo(new BValue.BInt(-3));
    assertThat(Bencode.decode(ascii("4:spam"))).isEqualTo(BValue.BBytes.of("spam"));
    assertThat(Bencode.encode(BValue.dict().put("cow", "moo").put("spam", "eggs").build()))
        .isEqualTo(ascii("d3:cow3:moo4:spam4:eggse"));
    assertThat(Bencode.encode(new BValue.BList(List.of(BValue.BBytes.of("spam"), new BValue.BInt(0)))))
        .isEqualTo(ascii("l4:spami0ee"));
  }

  @Test
  void rejectsMalformedInputWithAPreciseMessage() {
    assertThatThrownBy(() -> Bencode.decode(ascii("i-0e"))).hasMessageContaining("malformed integer '-0'");
    assertThatThrownBy(() -> Bencode.decode(ascii("i03e"))).hasMessageContaining("malformed integer '03'");
    assertThatThrownBy(() -> Bencode.decode(ascii("ie"))).hasMessageContaining("malformed integer ''");
    assertThatThrownBy(() -> Bencode.decode(ascii("i99999999999999999999e"))).hasMessageContaining("64-bit");
    assertThatThrownBy(() -> Bencode.decode(ascii("5:abc"))).hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> Bencode.decode(ascii("d1:b0:1:a0:e"))).hasMessageContaining("out of order");
    assertThatThrownBy(() -> Bencode.decode(ascii("d1:a0:1:a0:e"))).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Bencode.decode(ascii("di1ei2ee"))).hasMessageContaining("key must be a byte string");
    assertThatThrownBy(() -> Bencode.decode(ascii("i1ei2e"))).hasMessageContaining("trailing data at offset 3");
    assertThatThrownBy(() -> Bencode.decode(ascii("l"))).hasMessageContaining("unterminated list");
    assertThatThrownBy(() -> Bencode.decode(ascii("x"))).hasMessageContaining("unexpected byte 0x78 where a value should start at offset 0");
    assertThatThrownBy(() -> Bencode.decode(ascii("l".repeat(100) + "e".repeat(100)))).hasMessageContaining("nesting deeper");
    assertThatThrownBy(() -> Bencode.decode(new byte[0])).hasMessageContaining("unexpected end");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
