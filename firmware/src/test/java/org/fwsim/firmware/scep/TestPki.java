package org.fwsim.firmware.scep;

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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Builds keys, CA/RA/end-entity certificates and CRLs for the SCEP tests, on the fly with
 * BouncyCastle.
 */
public final class TestPki {

  public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private TestPki() {}

  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A certificate for {@code subject}'s key, issued by the issuer (self-signed when issuerCert is
   * null).
   */
  public static X509Certificate cert(
      String subject,
      PublicKey key,
      X509Certificate issuerCert,
      PrivateKey issuerKey,
      boolean ca,
      int keyUsage,
      long serial) {
    try {
      X500Name subjectName = new X500Name(subject);
      X500Name issuerName =
          issuerCert == null
              ? subjectName
              : X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(serial),
              Date.from(NOW.minus(Duration.ofDays(1))),
              Date.from(NOW.plus(Duration.ofDays(365))),
              subjectName,
              key);
      if (ca) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      }
      if (keyUsage != 0) {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      String alg = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509Certificate caCert(String subject, KeyPair key) {
    return cert(
        subject,
        key.getPublic(),
        null,
        key.getPrivate(),
        true,
        KeyUsage.keyCertSign
            | KeyUsage.cRLSign
            | KeyUsage.digitalSignature
            | KeyUsage.keyEncipherment,
        1);
  }

  /** What the CA does with a CSR: a certificate for its subject and key. */
  public static X509Certificate issue(
      PKCS10CertificationRequest csr, X509Certificate caCert, PrivateKey caKey, long serial) {
    try {
      PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
      return cert(
          csr.getSubject().toString(),
          key,
          caCert,
          caKey,
          false,
          KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
          serial);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509CRL crl(X509Certificate caCert, PrivateKey caKey, BigInteger revoked) {
    try {
      JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCert, Date.from(NOW));
      b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
      b.addCRLEntry(revoked, Date.from(NOW), CRLReason.keyCompromise);
      return new JcaX509CRLConverter()
          .getCRL(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
