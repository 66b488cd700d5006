package io.hopscotch.core.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Identity;
import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedSignerTest {

  private static final SimulatedVerifier V = SimulatedVerifier.INSTANCE;

  @Test
  void keysAreDeterministicPerSeedAndIndexAndIdsAreTheirSha1() {
    SimulatedSigner a = SimulatedSigner.of(1, 0);
    assertThat(SimulatedSigner.of(1, 0).publicKey()).isEqualTo(a.publicKey());
    assertThat(SimulatedSigner.of(1, 1).id()).isNotEqualTo(a.id());
    assertThat(SimulatedSigner.of(2, 0).id()).isNotEqualTo(a.id());
    assertThat(a.id()).isEqualTo(Key.sha1(a.publicKey()));
    assertThat(a.publicKey()).hasSize(SimulatedSigner.PUBLIC_KEY_BYTES);
  }

  @Test
  void verifierAcceptsOnlyMatchingSignatures() {
    SimulatedSigner a = SimulatedSigner.of(1, 0);
    SimulatedSigner b = SimulatedSigner.of(1, 1);
    byte[] data = "some data to sign".getBytes(UTF_8);
    byte[] sig = a.sign(data);
    assertThat(sig).hasSize(SimulatedSigner.SIGNATURE_BYTES);
    assertThat(V.verify(a.publicKey(), data, sig)).isTrue();
    assertThat(V.verify(b.publicKey(), data, sig)).isFalse();
    byte[] tampered = data.clone();
    tampered[3] ^= 1;
    assertThat(V.verify(a.publicKey(), tampered, sig)).isFalse();
    byte[] badSig = sig.clone();
    badSig[7] ^= 1;
    assertThat(V.verify(a.publicKey(), data, badSig)).isFalse();
    assertThat(V.verify(a.publicKey(), data, new byte[64])).isFalse();
    assertThat(V.verify(new byte[5], data, sig)).isFalse();
    assertThat(V.verify(null, data, sig)).isFalse();
    assertThat(V.verify(a.publicKey(), new byte[0], a.sign(new byte[0]))).isTrue();
  }

  @Test
  void tamperedRecordsAreRejectedAndEd25519RecordsStillVerify() {
    SimulatedSigner a = SimulatedSigner.of(3, 4);
    long expires = Simulation.DEFAULT_START_MILLIS + 60_000;
    Record r = Record.create(a, Key.sha1("k"), "value".getBytes(UTF_8), List.of("word"), 1, expires);
    r.verify(V, 1024, Simulation.DEFAULT_START_MILLIS);
    WireWriter w = new WireWriter();
    r.write(w);
    byte[] bytes = w.toByteArray();
    int at = indexOf(bytes, "value".getBytes(UTF_8));
    bytes[at] ^= 1;
    Record forged = Record.read(new WireReader(bytes));
    assertThatThrownBy(() -> forged.verify(V, 1024, Simulation.DEFAULT_START_MILLIS))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("bad signature");
    Identity real = Identity.generate(new Random(1));
    Record e = Record.create(real, Key.sha1("k"), new byte[] {1}, List.of(), 1, expires);
    e.verify(V, 1024, Simulation.DEFAULT_START_MILLIS);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
