package org.fwsim.hal.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Certificates for tests, made on the fly with BouncyCastle (never checked-in PEMs that silently
 * expire): keys, a fluent {@link CertificateBuilder}, the usual shapes (CA, intermediate, leaf,
 * expired, not yet valid, wrong key usage) and CRLs. Validity is relative to the fixed instant
 * {@link #NOW}, so tests inject that time, not the clock.
 */
public final class TestCertificates {

  /** The time every test pretends it is. */
  public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private TestCertificates() {}

  /** A certificate with the key pair it was made for (the private key is null when unknown). */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {
    /** The certificate's private key. */
    public PrivateKey privateKey() {
      return keyPair.getPrivate();
    }
  }

  /** A new P-256 key pair. */
  public static KeyPair ecKeyPair() {
    return keyPair("EC", new ECGenParameterSpec("secp256r1"), 0);
  }

  /** A new 2048-bit RSA key pair. */
  public static KeyPair rsaKeyPair() {
    return keyPair("RSA", null, 2048);
  }

  /** A builder for a certificate of {@code CN=commonName, O=fwsim test}. */
  public static CertificateBuilder builder(String commonName) {
    return new CertificateBuilder().commonName(commonName);
  }

  /** A builder with nothing set: give it a {@link CertificateBuilder#subject} or a CSR. */
  public static CertificateBuilder builder() {
    return new CertificateBuilder();
  }

  /** A self-signed root CA with a new EC key. */
  public static Issued rootCa(String commonName) {
    return builder(commonName).ca().build();
  }

  /** A CA issued by {@code issuer}. */
  public static Issued intermediateCa(String commonName, Issued issuer) {
    return builder(commonName).ca().issuedBy(issuer).build();
  }

  /** An end-entity certificate issued by {@code issuer}. */
  public static Issued leaf(String commonName, Issued issuer) {
    return builder(commonName).issuedBy(issuer).build();
  }

  /** Expired a day before {@link #NOW}. */
  public static Issued expiredLeaf(String commonName, Issued issuer) {
    return builder(commonName).issuedBy(issuer).expired().build();
  }

  /** Valid only from a day after {@link #NOW}. */
  public static Issued notYetValidLeaf(String commonName, Issued issuer) {
    return builder(commonName).issuedBy(issuer).notYetValid().build();
  }

  /** A CA whose key usage lacks keyCertSign, so nothing it signed may chain through it. */
  public static Issued intermediateWithoutCertSign(String commonName, Issued issuer) {
    return builder(commonName).ca().issuedBy(issuer).keyUsage(KeyUsage.digitalSignature).build();
  }

  /**
   * A self-signed CA for {@code key} that both signs and decrypts, as a SCEP CA without an RA does;
   * serial 1.
   */
  public static X509Certificate scepCa(String subjectDn, KeyPair key) {
    return builder()
        .subject(subjectDn)
        .keyPair(key)
        .ca()
        .keyUsage(
            KeyUsage.keyCertSign
                | KeyUsage.cRLSign
                | KeyUsage.digitalSignature
                | KeyUsage.keyEncipherment)
        .serial(1)
        .build()
        .certificate();
  }

  /** A self-signed CA for {@code key} with the {@link KeyUsage} bits {@code keyUsage}. */
  public static X509Certificate selfSignedCa(String subjectDn, KeyPair key, int keyUsage) {
    return builder().subject(subjectDn).keyPair(key).ca().keyUsage(keyUsage).build().certificate();
  }

  /** A CA for {@code key} issued by the CA {@code caCert}, with the given key usage bits. */
  public static X509Certificate issuedCa(
      String subjectDn, PublicKey key, X509Certificate caCert, PrivateKey caKey, int keyUsage) {
    return issuing(subjectDn, key, caCert, caKey, keyUsage).ca().build().certificate();
  }

  /** An end entity for {@code key} issued by the CA {@code caCert}, with the given key usage. */
  public static X509Certificate issued(
      String subjectDn, PublicKey key, X509Certificate caCert, PrivateKey caKey, int keyUsage) {
    return issuing(subjectDn, key, caCert, caKey, keyUsage).build().certificate();
  }

  private static CertificateBuilder issuing(
      String subjectDn, PublicKey key, X509Certificate caCert, PrivateKey caKey, int keyUsage) {
    return builder().subject(subjectDn).publicKey(key).issuedBy(caCert, caKey).keyUsage(keyUsage);
  }

  /** What a CA does with a CSR: an end-entity certificate for its subject and key. */
  public static X509Certificate issue(
      PKCS10CertificationRequest csr, X509Certificate caCert, PrivateKey caKey, long serial) {
    return builder().csr(csr).issuedBy(caCert, caKey).serial(serial).build().certificate();
  }

  /** A CRL signed by {@code issuer}, current at {@link #NOW}, revoking {@code revoked}. */
  public static X509CRL crl(Issued issuer, BigInteger... revoked) {
    return crl(issuer.certificate(), issuer.privateKey(), revoked);
  }

  /** A CRL signed by the CA, current at {@link #NOW}, revoking {@code revoked}. */
  public static X509CRL crl(X509Certificate caCert, PrivateKey caKey, BigInteger... revoked) {
    try {
      JcaX509v2CRLBuilder crl = new JcaX509v2CRLBuilder(caCert, Date.from(NOW));
      crl.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
      for (BigInteger serial : revoked) {
        crl.addCRLEntry(serial, Date.from(NOW), CRLReason.keyCompromise);
      }
      return new JcaX509CRLConverter().getCRL(crl.build(signer(caKey)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    String algorithm =
        "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())
            ? "SHA256withECDSA"
            : "SHA256withRSA";
    return new JcaContentSignerBuilder(algorithm).build(key);
  }

  private static KeyPair keyPair(String algorithm, ECGenParameterSpec curve, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(curve);
      } else {
        generator.initialize(bits);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair publicOnly(PublicKey key) {
    return new KeyPair(key, null);
  }
}
