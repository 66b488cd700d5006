package io.hopscotch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class KeyTest {

  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(160);

  /** Keys drawn from five random ints, with extra weight on the edges of the ring. */
  static Gen<Key> keys() {
    Gen<Integer> word = SourceDSL.integers().all();
    Gen<Key> random = word.zip(word, word, word, (a, b, c, d) -> new int[] {a, b, c, d})
        .zip(word, (abcd, e) -> {
          byte[] bytes = new byte[20];
          int[] w = {abcd[0], abcd[1], abcd[2], abcd[3], e};
          for (int i = 0; i < 5; i++) {
            bytes[4 * i] = (byte) (w[i] >>> 24);
            bytes[4 * i + 1] = (byte) (w[i] >>> 16);
            bytes[4 * i + 2] = (byte) (w[i] >>> 8);
            bytes[4 * i + 3] = (byte) w[i];
          }
          return Key.fromBytes(bytes);
        });
    Gen<Key> edges = SourceDSL.integers().between(0, 3).map(i -> switch (i) {
      case 0 -> Key.ZERO;
      case 1 -> Key.MAX;
      case 2 -> Key.powerOfTwo(159);
      default -> Key.powerOfTwo(0);
    });
    return random.mix(edges, 10);
  }

  @Test
  void sha1OfKnownString() {
    // SHA-1("abc") from FIPS 180-2, appendix A.1
    assertThat(Key.sha1("abc").toHex()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
  }

  @Test
  void arithmeticAgreesWithBigInteger() {
    qt().forAll(keys(), keys()).checkAssert((a, b) -> {
      BigInteger x = a.toBigInteger();
      BigInteger y = b.toBigInteger();
      assertThat(a.add(b).toBigInteger()).isEqualTo(x.add(y).mod(MOD));
      assertThat(a.subtract(b).toBigInteger()).isEqualTo(x.subtract(y).mod(MOD));
      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(x.compareTo(y));
      assertThat(Key.fromBigInteger(x)).isEqualTo(a);
      assertThat(Key.fromHex(a.toHex())).isEqualTo(a);
      assertThat(a.mod(1009)).isEqualTo(x.mod(BigInteger.valueOf(1009)).intValue());
    });
  }

  @Test
  void intervalsMatchTheirDefinition() {
    qt().forAll(keys(), keys(), keys()).checkAssert((x, from, to) -> {
      BigInteger d = x.toBigInteger().subtract(from.toBigInteger()).mod(MOD);
      BigInteger span = to.toBigInteger().subtract(from.toBigInteger()).mod(MOD);
      if (!from.equals(to)) {
        assertThat(x.inOpen(from, to)).isEqualTo(d.signum() > 0 && d.compareTo(span) < 0);
        assertThat(x.inOpenClosed(from, to)).isEqualTo(d.signum() > 0 && d.compareTo(span) <= 0);
        assertThat(x.inClosedOpen(from, to)).isEqualTo(d.compareTo(span) < 0);
      } else {
        assertThat(x.inOpenClosed(from, to)).isTrue();
        assertThat(x.inOpen(from, to)).isEqualTo(!x.equals(from));
      }
    });
  }

  @Test
  void digitsReassembleTheKeyForEveryBase() {
    for (int b : new int[] {1, 2, 4, 5, 8}) {
      int base = b;
      qt().withExamples(200).forAll(keys()).checkAssert(k -> {
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < Key.digits(base); i++) {
          int digit = k.digit(i, base);
          assertThat(digit).isBetween(0, (1 << base) - 1);
          v = v.shiftLeft(base).add(BigInteger.valueOf(digit));
        }
        assertThat(v).isEqualTo(k.toBigInteger());
      });
    }
  }

  @Test
  void sharedPrefixCountsEqualLeadingDigits() {
    qt().forAll(keys(), keys()).checkAssert((a, b) -> {
      int n = a.sharedPrefixDigits(b, 4);
      for (int i = 0; i < n; i++) {
        assertThat(a.digit(i, 4)).isEqualTo(b.digit(i, 4));
      }
      if (n < Key.digits(4)) {
        assertThat(a.digit(n, 4)).isNotEqualTo(b.digit(n, 4));
      }
    });
  }

  @Test
  void ringDistanceIsSymmetricAndAtMostHalfTheRing() {
    qt().forAll(keys(), keys()).checkAssert((a, b) -> {
      assertThat(a.ringDistance(b)).isEqualTo(b.ringDistance(a));
      assertThat(a.ringDistance(b).compareTo(Key.powerOfTwo(159))).isLessThanOrEqualTo(0);
    });
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> Key.fromBytes(new byte[19])).hasMessageContaining("20 bytes");
    assertThatThrownBy(() -> Key.fromHex("xyz")).hasMessageContaining("40 hex digits");
    assertThatThrownBy(() -> Key.ZERO.digit(0, 3)).hasMessageContaining("divide 160");
    assertThatThrownBy(() -> Key.ZERO.mod(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Key.fromBigInteger(MOD)).hasMessageContaining("160-bit");
  }
}
