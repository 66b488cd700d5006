package io.hopscotch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

  @Test
  void idIsSha1OfTheEncodedPublicKeyAndMatchesTheJdkEncoding() throws Exception {
    Identity id = Identity.generate(new Random(7));
    assertThat(id.id()).isEqualTo(Key.sha1(id.publicKey()));
    // The JDK's own X.509 encoding of the same key must give the same bytes, so a TLS certificate's key
    // hashes to the node id.
    java.security.PublicKey jdk = java.security.KeyFactory.getInstance("Ed25519")
        .generatePublic(new java.security.spec.X509EncodedKeySpec(id.publicKey()));
    assertThat(jdk.getEncoded()).isEqualTo(id.publicKey());
  }

  @Test
  void signaturesVerifyAndForgeriesDoNot() {
    Identity a = Identity.generate(new Random(1));
    Identity b = Identity.generate(new Random(2));
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] sig = a.sign(data);
    Verifier v = Verifier.ed25519();
    assertThat(v.verify(a.publicKey(), data, sig)).isTrue();
    assertThat(v.verify(b.publicKey(), data, sig)).isFalse();
    assertThat(v.verify(a.publicKey(), "hellO".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    sig[0] ^= 1;
    assertThat(v.verify(a.publicKey(), data, sig)).isFalse();
    assertThat(v.verify(new byte[3], data, sig)).isFalse();
    assertThat(v.verify(a.publicKey(), data, new byte[1])).isFalse();
  }

  @Test
  void savesAndLoads(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/node.key");
    Identity a = Identity.loadOrCreate(f);
    Identity b = Identity.load(f);
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(Identity.loadOrCreate(f).id()).isEqualTo(a.id());
    assertThat(Files.size(f)).isEqualTo(32);
  }

  @Test
  void refusesACorruptFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.key");
    Files.write(f, new byte[5]);
    assertThatThrownBy(() -> Identity.load(f)).hasMessageContaining("32-byte");
  }
}
