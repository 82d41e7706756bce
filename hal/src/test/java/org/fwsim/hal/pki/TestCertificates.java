package org.fwsim.hal.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests, made on the fly with BouncyCastle (never checked-in PEMs that silently
 * expire): self-signed CAs, certificates issued by them, expired, not yet valid, wrong key usage.
 * Validity is relative to the fixed instant {@link #NOW}, so tests inject that time, not the clock.
 */
final class TestCertificates {

  /** The time every test pretends it is. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final AtomicLong SERIALS = new AtomicLong(1000);

  private TestCertificates() {}

  /** A certificate with the key pair it was made for. */
  record Issued(X509Certificate certificate, KeyPair keyPair) {
    PrivateKey privateKey() {
      return keyPair.getPrivate();
    }
  }

  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Builder builder(String commonName) {
    return new Builder(commonName);
  }

  static Issued rootCa(String commonName) {
    return builder(commonName).ca().build();
  }

  static Issued intermediateCa(String commonName, Issued issuer) {
    return builder(commonName).ca().issuedBy(issuer).build();
  }

  static Issued leaf(String commonName, Issued issuer) {
    return builder(commonName).issuedBy(issuer).build();
  }

  /** Expired a day before {@link #NOW}. */
  static Issued expiredLeaf(String commonName, Issued issuer) {
    return builder(commonName)
        .issuedBy(issuer)
        .validity(NOW.minus(Duration.ofDays(366)), NOW.minus(Duration.ofDays(1)))
        .build();
  }

  /** Valid only from a day after {@link #NOW}. */
  static Issued notYetValidLeaf(String commonName, Issued issuer) {
    return builder(commonName)
        .issuedBy(issuer)
        .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(366)))
        .build();
  }

  /**
   * A CA certificate whose key usage lacks keyCertSign, so nothing it signed may chain through it.
   */
  static Issued intermediateWithoutCertSign(String commonName, Issued issuer) {
    return builder(commonName).ca().issuedBy(issuer).keyUsage(KeyUsage.digitalSignature).build();
  }

  /** An empty CRL signed by {@code issuer}, current at {@link #NOW}. */
  static X509CRL crl(Issued issuer) {
    try {
      JcaX509v2CRLBuilder crl = new JcaX509v2CRLBuilder(issuer.certificate(), Date.from(NOW));
      crl.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
      return new JcaX509CRLConverter().getCRL(crl.build(signer(issuer.privateKey())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fluent settings of one certificate; defaults: end entity, own new EC key, valid a year around
   * NOW.
   */
  static final class Builder {
    private final X500Principal subject;
    private KeyPair keyPair;
    private Issued issuer;
    private Instant notBefore = NOW.minus(Duration.ofDays(1));
    private Instant notAfter = NOW.plus(Duration.ofDays(365));
    private boolean ca;
    private Integer keyUsage;

    private Builder(String commonName) {
      this.subject = new X500Principal("CN=" + commonName + ", O=fwsim test");
    }

    Builder keyPair(KeyPair pair) {
      this.keyPair = pair;
      return this;
    }

    Builder issuedBy(Issued issuingCa) {
      this.issuer = issuingCa;
      return this;
    }

    Builder validity(Instant from, Instant until) {
      this.notBefore = from;
      this.notAfter = until;
      return this;
    }

    Builder ca() {
      this.ca = true;
      return this;
    }

    /** Key usage bits from {@link KeyUsage}, replacing the default for a CA or an end entity. */
    Builder keyUsage(int bits) {
      this.keyUsage = bits;
      return this;
    }

    Issued build() {
      KeyPair pair = keyPair != null ? keyPair : ecKeyPair();
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            issuer == null
                ? new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    pair.getPublic())
                : new JcaX509v3CertificateBuilder(
                    issuer.certificate(),
                    serial(),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        int usage =
            keyUsage != null
                ? keyUsage
                : ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        builder.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            extensions.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            issuer == null
                ? extensions.createAuthorityKeyIdentifier(pair.getPublic())
                : extensions.createAuthorityKeyIdentifier(issuer.certificate()));
        PrivateKey signingKey = issuer == null ? pair.getPrivate() : issuer.privateKey();
        X509Certificate certificate =
            new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
        return new Issued(certificate, pair);
      } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
        throw new IllegalStateException("cannot build test certificate " + subject, e);
      }
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }

  private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key)
      throws OperatorCreationException {
    String algorithm =
        "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())
            ? "SHA256withECDSA"
            : "SHA256withRSA";
    return new JcaContentSignerBuilder(algorithm).build(key);
  }
}
