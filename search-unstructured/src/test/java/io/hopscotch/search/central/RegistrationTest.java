package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registrations encode, decode and are believed only from the node that signed them. */
class RegistrationTest {

  private final Identity alice = Samples.IDS.get(0);
  private final Identity mallory = Samples.IDS.get(1);
  private final Verifier verifier = Verifier.ed25519();

  private Registration aliceReg() {
    return Registration.create(alice, Samples.peerOf(alice, 7001), 5, 10_000, false,
        List.of(new SharedItem(Key.sha1("song"), List.of("blue", "moon"), 1234)), List.of(Key.sha1("old")));
  }

  @Test
  void encodesAndDecodes() {
    Registration r = aliceReg();
    WireWriter w = new WireWriter();
    r.write(w);
    WireReader in = new WireReader(w.toByteArray());
    Registration back = Registration.read(in);
    in.expectEnd("registration");
    assertThat(back).isEqualTo(r);
    assertThat(back.client()).isEqualTo(alice.id());
    assertThat(back.checkFrom(alice.id(), verifier)).isNull();
  }

  @Test
  void refusedWhenSentByAnotherNode() {
    assertThat(aliceReg().checkFrom(mallory.id(), verifier)).contains("sent by");
  }

  @Test
  void refusedWhenSignedWithAnotherKey() {
    Registration genuine = aliceReg();
    Registration forged = genuine.withSignature(mallory.sign(genuine.signedBytes()));
    assertThat(forged.checkFrom(alice.id(), verifier)).contains("bad signature");
  }

  @Test
  void refusedWhenTampered() {
    Registration genuine = aliceReg();
    WireWriter w = new WireWriter();
    genuine.write(w);
    byte[] b = w.toByteArray();
    // the item's size sits just before the removed list: change one byte in the middle of the body
    int at = b.length / 2;
    b[at] ^= 0x01;
    Registration tampered;
    try {
      tampered = Registration.read(new WireReader(b));
    } catch (RuntimeException malformed) {
      return; // also a refusal
    }
    assertThat(tampered.checkFrom(alice.id(), verifier)).isNotNull();
  }

  @Test
  void refusedWhenContactCarriesAnotherId() {
    assertThatThrownBy(() -> Registration.create(alice, Samples.peerOf(mallory, 1), 1, 1, false, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the signer");
  }

  @Test
  void tooManyChangesAreRefusedAtCreation() {
    List<Key> many = new java.util.ArrayList<>();
    for (int i = 0; i <= Registration.MAX_CHANGES; i++) {
      many.add(Key.sha1("k" + i));
    }
    assertThatThrownBy(() -> Registration.create(alice, Samples.peerOf(alice, 1), 1, 1, false, List.of(), many))
        .hasMessageContaining("at most " + Registration.MAX_CHANGES);
  }
}
