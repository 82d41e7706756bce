package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.DerTime;

/**
 * Turns an accepted PKCS#10 request into an end-entity certificate signed by the issuing CA, and
 * builds the CRL. Validity starts at the CA's clock (virtual time in a simulation).
 */
public final class CertificateIssuer {

  /** CRLs are re-issued on every GetCRL; the next-update hint is a day after. */
  private static final Duration CRL_NEXT_UPDATE = Duration.ofDays(1);

  private final CaMaterial material;
  private final CertificateIndex index;
  private final Duration validity;
  private final X500Name issuerName;

  /**
   * The issuer's authorityKeyIdentifier, the same in every certificate: computing it parses the
   * issuer's certificate and hashes its key, once per issuance until it was kept.
   */
  private final AuthorityKeyIdentifier authorityKeyId;

  CertificateIssuer(CaMaterial material, CertificateIndex index, Duration validity) {
    this.material = material;
    this.index = index;
    this.validity = validity;
    this.issuerName =
        X500Name.getInstance(material.issuerCert().getSubjectX500Principal().getEncoded());
    try {
      this.authorityKeyId =
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(material.issuerCert());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot identify the issuer's key: " + e.getMessage(), e);
    }
  }

  X500Name issuerName() {
    return issuerName;
  }

  /** Issues, records and returns the certificate for {@code csr}; the caller checked policy. */
  X509Certificate issue(PKCS10CertificationRequest csr, String transactionId, Instant now) {
    return certificate(issued(csr, transactionId, now));
  }

  /**
   * Issues, records and returns the certificate for {@code csr} as BouncyCastle built it, for an
   * answer that encodes it again (a SCEP CertRep): the JDK's parse of it would be thrown away.
   */
  X509CertificateHolder issued(PKCS10CertificationRequest csr, String transactionId, Instant now) {
    return issued(
        csr.getSubject(),
        csr.getSubjectPublicKeyInfo(),
        requestedSubjectAltName(csr),
        transactionId,
        now);
  }

  /**
   * Issues, records and returns a certificate for {@code subject} and {@code key} (a CMP
   * certificate template's), with the subject alternative name {@code san} when not null.
   */
  X509Certificate issue(
      X500Name subject,
      SubjectPublicKeyInfo key,
      ASN1Encodable san,
      String transactionId,
      Instant now) {
    return certificate(issued(subject, key, san, transactionId, now));
  }

  private X509CertificateHolder issued(
      X500Name subject,
      SubjectPublicKeyInfo key,
      ASN1Encodable san,
      String transactionId,
      Instant now) {
    BigInteger serial = index.allocateSerial();
    Instant notAfter = now.plus(validity);
    Instant caEnd = material.issuerCert().getNotAfter().toInstant();
    if (notAfter.isAfter(caEnd)) {
      notAfter = caEnd; // A certificate outliving its issuer would not verify at the end anyway.
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              issuerName, serial, DerTime.x509(now), DerTime.x509(notAfter), subject, key);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(endEntityKeyUsage(key)));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
      if (san != null) {
        b.addExtension(Extension.subjectAlternativeName, false, san);
      }
      X509CertificateHolder cert =
          b.build(
              new JcaContentSignerBuilder(CaMaterial.SIGNATURE_ALGORITHM)
                  .build(material.issuerKey()));
      index.recordIssued(IssuedCertificate.of(cert, now, notAfter, transactionId));
      return cert;
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
    }
  }

  /** The JDK's certificate of {@code cert}, for the answers that hand one on. */
  private static X509Certificate certificate(X509CertificateHolder cert) {
    try {
      return new JcaX509CertificateConverter().getCertificate(cert);
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot parse issued certificate: " + e.getMessage(), e);
    }
  }

  /**
   * digitalSignature, plus keyEncipherment for an RSA key or keyAgreement for an EC key: what lets
   * a later CertRep be encrypted to the certificate (KeyTrans, or ECDH key agreement).
   */
  public static int endEntityKeyUsage(SubjectPublicKeyInfo key) {
    boolean ec = X9ObjectIdentifiers.id_ecPublicKey.equals(key.getAlgorithm().getAlgorithm());
    return KeyUsage.digitalSignature | (ec ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment);
  }

  /** A fresh CRL listing every revoked certificate, dated {@code now}. */
  X509CRL crl(Instant now) {
    X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName, Date.from(now));
    b.setNextUpdate(Date.from(now.plus(CRL_NEXT_UPDATE)));
    for (IssuedCertificate r : index.revoked()) {
      b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.unspecified);
    }
    try {
      return new JcaX509CRLConverter()
          .getCRL(
              b.build(
                  new JcaContentSignerBuilder(CaMaterial.SIGNATURE_ALGORITHM)
                      .build(material.issuerKey())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build CRL: " + e.getMessage(), e);
    }
  }

  private static ASN1Encodable requestedSubjectAltName(PKCS10CertificationRequest csr) {
    if (csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest).length == 0) {
      return null;
    }
    Extensions requested = csr.getRequestedExtensions();
    if (requested == null) {
      return null;
    }
    Extension san = requested.getExtension(Extension.subjectAlternativeName);
    return san == null ? null : san.getParsedValue();
  }
}
