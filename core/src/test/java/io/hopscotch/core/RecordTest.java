package io.hopscotch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class RecordTest {

  private static final Identity ALICE = Identity.generate(new Random(11));
  private static final Identity MALLORY = Identity.generate(new Random(12));
  private static final Verifier V = Verifier.ed25519();

  private static Record sample() {
    return Record.create(ALICE, Key.sha1("k"), "value".getBytes(StandardCharsets.UTF_8), List.of("Music", "jazz"), 5, 10_000);
  }

  @Test
  void roundTripsAndVerifies() {
    Record r = sample();
    WireWriter w = new WireWriter();
    r.write(w);
    Record back = Record.read(new WireReader(w.toByteArray()));
    assertThat(back).isEqualTo(r);
    assertThat(back.publisher()).isEqualTo(ALICE.id());
    assertThat(back.keywords()).containsExactly("music", "jazz");
    back.verify(V, 1024, 1_000);
    assertThat(r.encodedSize()).isEqualTo(w.size());
  }

  @Test
  void refusesExpiredOversizedAndForged() {
    Record r = sample();
    assertThatThrownBy(() -> r.verify(V, 1024, 10_000)).hasMessageContaining("expired");
    assertThatThrownBy(() -> r.verify(V, 3, 0)).hasMessageContaining("limit is 3");
    // Mallory re-signs Alice's bytes with Alice's public key in place: the signature cannot match.
    WireWriter w = new WireWriter();
    Record.create(MALLORY, r.key(), "evil".getBytes(StandardCharsets.UTF_8), List.of(), 6, 10_000).write(w);
    byte[] bytes = w.toByteArray();
    byte[] alicePub = ALICE.publicKey();
    System.arraycopy(alicePub, 0, bytes, Key.BYTES + 1, alicePub.length); // after key and varint length
    Record forged = Record.read(new WireReader(bytes));
    assertThat(forged.publisher()).isEqualTo(ALICE.id());
    assertThatThrownBy(() -> forged.verify(V, 1024, 0)).isInstanceOf(InvalidRecordException.class).hasMessageContaining("bad signature");
  }

  @Test
  void anySingleBitFlipBreaksTheSignatureOrTheEncoding() {
    WireWriter w = new WireWriter();
    sample().write(w);
    byte[] good = w.toByteArray();
    qt().forAll(SourceDSL.integers().between(0, good.length * 8 - 1)).checkAssert(bit -> {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        Record r = Record.read(new WireReader(bad));
        assertThatThrownBy(() -> r.verify(V, 1 << 20, 0)).isInstanceOf(InvalidRecordException.class);
      } catch (MalformedMessageException expected) {
        // a flip in a length or flag field makes the bytes undecodable: equally refused
      }
    });
  }

  @Test
  void decoderFailsCleanlyOnGarbage() {
    qt().forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 255)).ofSizeBetween(0, 200)).checkAssert(list -> {
      byte[] b = new byte[list.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) list.get(i);
      }
      try {
        Record.read(new WireReader(b));
      } catch (MalformedMessageException expected) {
        // the only failure allowed
      }
    });
  }

  @Test
  void tombstoneSupersedesAndCarriesNoValue() {
    Record r = sample();
    Record t = Record.tombstone(ALICE, r.key(), 6, 10_000);
    assertThat(t.isTombstone()).isTrue();
    assertThat(t.supersedes(r)).isTrue();
    assertThat(r.supersedes(t)).isFalse();
    t.verify(V, 0, 0);
  }

  @Test
  void keywordsAreNormalisedAndBounded() {
    assertThat(Record.keywordsOf("The Art of  Computer-Programming, vol. 1")).containsExactly("the", "art", "of", "computer", "programming", "vol", "1");
    assertThatThrownBy(() -> Record.normalise(List.of("x".repeat(65)))).hasMessageContaining("longer than 64");
  }
}
