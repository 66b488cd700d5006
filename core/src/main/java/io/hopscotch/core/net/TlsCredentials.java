package io.hopscotch.core.net;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS material of one node: a self-signed X.509 certificate for its Ed25519 {@link Identity},
 * the matching key manager, and a trust manager that accepts any self-signed Ed25519 peer.
 *
 * <p>Trust is not decided by a certificate authority: a peer is whoever holds the private key of the
 * certificate it presents (TLS proves that), and its id is SHA-1 of that certificate's public key,
 * which the transport checks against the expected id on every connection ({@link #peerId}).
 */
final class TlsCredentials {

  /** PKCS#8 prefix of an Ed25519 private key (RFC 8410): version 0, algorithm 1.3.101.112, OCTET STRING(OCTET STRING(32)). */
  private static final byte[] PKCS8_PREFIX = {
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
  private static final char[] STORE_PASSWORD = "hopscotch".toCharArray();
  private static final long VALIDITY_MILLIS = 100L * 365 * 24 * 3600 * 1000;

  private final X509Certificate certificate;
  private final KeyManagerFactory keyManagers;

  private TlsCredentials(X509Certificate certificate, KeyManagerFactory keyManagers) {
    this.certificate = certificate;
    this.keyManagers = keyManagers;
  }

  /**
   * Builds the certificate and key manager for {@code identity}.
   *
   * @throws IllegalStateException if the JDK lacks Ed25519 support (it is standard since JDK 15)
   */
  static TlsCredentials of(Identity identity) {
    try {
      // The JDK's TLS stack only accepts its own EdDSA key objects, so the seed is re-imported through the JDK.
      byte[] seed = identity.privateSeed();
      byte[] pkcs8 = new byte[PKCS8_PREFIX.length + seed.length];
      System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, seed.length);
      PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      java.util.Arrays.fill(pkcs8, (byte) 0);
      java.util.Arrays.fill(seed, (byte) 0);

      X500Name name = new X500Name("CN=" + identity.id().toHex());
      long now = System.currentTimeMillis();
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3_600_000L),
          new Date(now + VALIDITY_MILLIS), name, SubjectPublicKeyInfo.getInstance(identity.publicKey()));
      ContentSigner signer = new JcaContentSignerBuilder("Ed25519").build(privateKey);
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));

      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", privateKey, STORE_PASSWORD, new Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, STORE_PASSWORD);
      return new TlsCredentials(cert, kmf);
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the TLS certificate for " + identity + ": " + e, e);
    }
  }

  /** The node's self-signed certificate. */
  X509Certificate certificate() {
    return certificate;
  }

  /** Key managers presenting the node's certificate. */
  KeyManagerFactory keyManagers() {
    return keyManagers;
  }

  /** A trust manager accepting any Ed25519 certificate; ids are checked by the transport afterwards. */
  static X509ExtendedTrustManager trustAnyEd25519() {
    return AnyEd25519TrustManager.INSTANCE;
  }

  /**
   * The node id a peer proved: SHA-1 of the public key of the first certificate of its chain.
   *
   * @throws CertificateException if there is no certificate or its key is not Ed25519
   */
  static Key peerId(List<Certificate> chain) throws CertificateException {
    if (chain == null || chain.isEmpty()) {
      throw new CertificateException("the peer presented no certificate");
    }
    Certificate first = chain.get(0);
    byte[] encoded = first.getPublicKey().getEncoded();
    if (encoded == null || encoded.length != Identity.PUBLIC_KEY_LENGTH || !isEd25519(first)) {
      throw new CertificateException("the peer's certificate key is " + first.getPublicKey().getAlgorithm() + ", not Ed25519");
    }
    return Identity.idOf(encoded);
  }

  private static boolean isEd25519(Certificate c) {
    String alg = c.getPublicKey().getAlgorithm();
    return "EdDSA".equals(alg) || "Ed25519".equals(alg);
  }

  /** Accepts exactly-one-certificate Ed25519 chains: possession of the key is what TLS proves. */
  private static final class AnyEd25519TrustManager extends X509ExtendedTrustManager {
    static final AnyEd25519TrustManager INSTANCE = new AnyEd25519TrustManager();

    private static void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no peer certificate");
      }
      if (!isEd25519(chain[0])) {
        throw new CertificateException("peer certificate key is " + chain[0].getPublicKey().getAlgorithm() + ", not Ed25519");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
