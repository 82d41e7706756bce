package org.fwsim.hal.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Fluent settings of one test certificate, in the manner of Netty's {@code CertificateBuilder}.
 * Defaults: an end entity with its own new EC key, self-signed, valid from a day before {@link
 * TestCertificates#NOW} for a year, a fresh serial; key usage digitalSignature|keyEncipherment
 * (keyCertSign|cRLSign for a CA).
 */
public final class CertificateBuilder {
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  private X500Name subject;
  private KeyPair keyPair;
  private X509Certificate issuerCertificate;
  private PrivateKey issuerKey;
  private Instant notBefore = TestCertificates.NOW.minus(Duration.ofDays(1));
  private Instant notAfter = TestCertificates.NOW.plus(Duration.ofDays(365));
  private boolean ca;
  private Integer keyUsage;
  private Long serial;
  private GeneralName[] altNames = new GeneralName[0];

  CertificateBuilder() {}

  /** The subject as a distinguished name, e.g. {@code "CN=FGT60F, O=Fortinet"}. */
  public CertificateBuilder subject(String distinguishedName) {
    this.subject = new X500Name(distinguishedName);
    return this;
  }

  /** The subject {@code CN=commonName, O=fwsim test}. */
  public CertificateBuilder commonName(String commonName) {
    return subject("CN=" + commonName + ", O=fwsim test");
  }

  /** The key pair to certify (by default a new EC key). */
  public CertificateBuilder keyPair(KeyPair pair) {
    this.keyPair = pair;
    return this;
  }

  /** A public key to certify whose private half the test does not hold; needs an issuer. */
  public CertificateBuilder publicKey(PublicKey key) {
    return keyPair(TestCertificates.publicOnly(key));
  }

  /** The subject and key of a certificate request, as a CA issuing it would take them. */
  public CertificateBuilder csr(PKCS10CertificationRequest csr) {
    try {
      this.subject = csr.getSubject();
      return publicKey(new JcaPKCS10CertificationRequest(csr).getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable CSR key", e);
    }
  }

  /** Subject alternative names, e.g. {@code new GeneralName(GeneralName.dNSName, "a.test")}. */
  public CertificateBuilder subjectAltNames(GeneralName... names) {
    this.altNames = names.clone();
    return this;
  }

  /** Issued (signed) by {@code issuingCa} rather than self-signed. */
  public CertificateBuilder issuedBy(TestCertificates.Issued issuingCa) {
    return issuedBy(issuingCa.certificate(), issuingCa.privateKey());
  }

  /** Issued (signed) by the CA certificate and its key rather than self-signed. */
  public CertificateBuilder issuedBy(X509Certificate caCertificate, PrivateKey caKey) {
    this.issuerCertificate = caCertificate;
    this.issuerKey = caKey;
    return this;
  }

  /** Valid from {@code from} until {@code until}. */
  public CertificateBuilder validity(Instant from, Instant until) {
    this.notBefore = from;
    this.notAfter = until;
    return this;
  }

  /** Expired a day before {@link TestCertificates#NOW}, after a year of validity. */
  public CertificateBuilder expired() {
    Instant now = TestCertificates.NOW;
    return validity(now.minus(Duration.ofDays(366)), now.minus(Duration.ofDays(1)));
  }

  /** Valid only from a day after {@link TestCertificates#NOW}, for a year. */
  public CertificateBuilder notYetValid() {
    Instant now = TestCertificates.NOW;
    return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(366)));
  }

  /** A CA certificate (basic constraints cA=true). */
  public CertificateBuilder ca() {
    return ca(true);
  }

  /** A CA certificate or not. */
  public CertificateBuilder ca(boolean isCa) {
    this.ca = isCa;
    return this;
  }

  /** Key usage bits from {@link KeyUsage} replacing the default; 0 leaves the extension out. */
  public CertificateBuilder keyUsage(int bits) {
    this.keyUsage = bits;
    return this;
  }

  /** The serial number (by default a fresh one from 1001 up). */
  public CertificateBuilder serial(long value) {
    this.serial = value;
    return this;
  }

  /** Builds and signs the certificate. */
  public TestCertificates.Issued build() {
    if (subject == null) {
      throw new IllegalStateException("a certificate needs a subject");
    }
    KeyPair pair = keyPair != null ? keyPair : TestCertificates.ecKeyPair();
    PrivateKey signingKey = issuerKey != null ? issuerKey : pair.getPrivate();
    if (signingKey == null) {
      throw new IllegalStateException("a public key alone cannot sign itself: set an issuer");
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X500Name issuer =
          issuerCertificate == null
              ? subject
              : X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(serial != null ? serial : SERIALS.incrementAndGet()),
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
      if (usage != 0) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      }
      if (altNames.length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
      }
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          issuerCertificate == null
              ? extensions.createAuthorityKeyIdentifier(pair.getPublic())
              : extensions.createAuthorityKeyIdentifier(issuerCertificate));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(builder.build(TestCertificates.signer(signingKey)));
      return new TestCertificates.Issued(certificate, pair);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build test certificate " + subject, e);
    }
  }
}
