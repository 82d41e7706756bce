package org.fwsim.firmware.scep.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;
import org.fwsim.hal.pki.BouncyCastle;

/**
 * Builds the two CMS layers of a pkiMessage (EnvelopedData inside SignedData) with BouncyCastle.
 */
final class CmsLayers {

  /** Stateless and thread-safe, so one instance serves every appliance. */
  private static final DigestCalculatorProvider DIGESTS = digests();

  /**
   * The JDK's X.509 factory, shared: its engine keeps no state of its own (the parsed-certificate
   * cache is static and synchronized). BouncyCastle's converter looks one up in the JCA for each
   * certificate, several times per renewal on each side.
   */
  private static final CertificateFactory X509 = x509Factory();

  /**
   * BouncyCastle as a JCA provider, passed explicitly and never registered globally. EC work runs
   * there: ECDSA signs and verifies several times faster than on the JDK 17's SunEC (about 0.3 vs
   * 1.4 ms per P-256 signature, measured on the 2-core reference machine), and CMS key agreement
   * (ECDH with the X9.63 KDF) and the RFC 3211 key wrap of password recipients exist only there.
   * RSA stays on the JDK's engines, and an RSA-only run never builds the provider.
   */
  static Provider bouncyCastle() {
    return BouncyCastle.provider();
  }

  private CmsLayers() {}

  private static DigestCalculatorProvider digests() {
    try {
      return new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("no JCA digest provider", e);
    }
  }

  private static CertificateFactory x509Factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("no JCA X.509 certificate factory", e);
    }
  }

  /** The JCA certificate of a BouncyCastle holder. */
  static X509Certificate certificate(X509CertificateHolder holder) throws CertificateException {
    try {
      return (X509Certificate)
          X509.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (IOException e) {
      throw new CertificateException(
          "cannot encode " + holder.getSubject() + ": " + e.getMessage(), e);
    }
  }

  static DigestCalculatorProvider digestProvider() {
    return DIGESTS;
  }

  /** The JCA signature name for a digest ("SHA-256") and a key ("RSA" or "EC"). */
  static String signatureAlgorithm(String digest, String keyAlgorithm) {
    String hash = digest.replace("-", "").toUpperCase(Locale.ROOT);
    return switch (keyAlgorithm) {
      case "RSA" -> hash + "withRSA";
      case "EC", "ECDSA" -> hash + "withECDSA";
      default ->
          throw new IllegalArgumentException(
              "unsupported signing key algorithm "
                  + keyAlgorithm
                  + " (SCEP signers are RSA, or EC here)");
    };
  }

  /** Verifiers for signatures by {@code key}: BouncyCastle's for EC, the JDK's for RSA. */
  static ContentVerifierProvider verifierProvider(PublicKey key) throws OperatorCreationException {
    JcaContentVerifierProviderBuilder builder = new JcaContentVerifierProviderBuilder();
    if (isEc(key)) {
      builder.setProvider(bouncyCastle());
    }
    return builder.build(key);
  }

  static ContentSigner signer(String digest, PrivateKey key) throws OperatorCreationException {
    JcaContentSignerBuilder builder =
        new JcaContentSignerBuilder(signatureAlgorithm(digest, key.getAlgorithm()));
    if (isEc(key)) {
      builder.setProvider(bouncyCastle());
    }
    return builder.build(key);
  }

  /** True for an EC key, whichever provider made it (the JDK says "EC", some say "ECDSA"). */
  static boolean isEc(Key key) {
    String algorithm = key.getAlgorithm();
    return "EC".equals(algorithm) || "ECDSA".equals(algorithm);
  }

  /**
   * The JCA key for a SubjectPublicKeyInfo. The JDK's providers know EC and RSA by name but not by
   * OID, so the common OIDs are mapped to names first.
   */
  static PublicKey publicKey(SubjectPublicKeyInfo info) throws ScepException {
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    String name =
        PKCSObjectIdentifiers.rsaEncryption.equals(oid)
            ? "RSA"
            : X9ObjectIdentifiers.id_ecPublicKey.equals(oid) ? "EC" : oid.getId();
    try {
      return KeyFactory.getInstance(name).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw ScepException.of(
          FailInfo.BAD_ALG,
          "unsupported public key algorithm " + oid + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /** Checks that a recipient can receive a KeyTransRecipientInfo envelope, which needs RSA. */
  static void requireRsaRecipient(X509Certificate recipient, String role) throws ScepException {
    PublicKey key = recipient.getPublicKey();
    if (!"RSA".equals(key.getAlgorithm())) {
      throw ScepException.of(
          null,
          role
              + " "
              + recipient.getSubjectX500Principal().getName()
              + " has an "
              + key.getAlgorithm()
              + " key, not RSA: the envelope uses KeyTransRecipientInfo,"
              + " which needs an RSA key");
    }
  }

  /**
   * Encrypts messageData into the pkcsPKIEnvelope for one recipient with KeyTransRecipientInfo: a
   * request to the CA/RA encryption certificate, or a CertRep to an RSA signer.
   */
  static byte[] envelope(
      byte[] messageData,
      X509Certificate recipient,
      String role,
      ContentCipher cipher,
      SecureRandom random)
      throws ScepException {
    requireRsaRecipient(recipient, role);
    RecipientInfoGenerator keyTrans;
    try {
      keyTrans = new JceKeyTransRecipientInfoGenerator(recipient);
    } catch (CertificateEncodingException e) {
      throw ScepException.of(
          null, "cannot encrypt the pkcsPKIEnvelope to " + role + ": " + e.getMessage(), null, e);
    }
    return envelope(messageData, keyTrans, cipher, random);
  }

  /** Encrypts messageData into the pkcsPKIEnvelope for one recipient of any kind. */
  static byte[] envelope(
      byte[] messageData,
      RecipientInfoGenerator recipient,
      ContentCipher cipher,
      SecureRandom random)
      throws ScepException {
    try {
      CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
      generator.addRecipientInfoGenerator(recipient);
      return der(
          generator
              .generate(
                  new CMSProcessableByteArray(messageData),
                  new JceCMSContentEncryptorBuilder(cipher.oid())
                      .setSecureRandom(random)
                      .setAlgorithmParameters(cipher.randomParameters(random))
                      .build())
              .toASN1Structure());
    } catch (CMSException | IOException | GeneralSecurityException | RuntimeException e) {
      throw ScepException.of(
          null, "cannot encrypt the pkcsPKIEnvelope: " + e.getMessage(), null, e);
    }
  }

  /**
   * Signs the outer SignedData: the envelope as encapsulated data (or no content at all for PENDING
   * and FAILURE), the SCEP attributes as signed attributes, and the given certificates.
   */
  static byte[] sign(
      byte[] envelope,
      AttributeTable attributes,
      X509CertificateHolder signerCert,
      PrivateKey signerKey,
      Store<X509CertificateHolder> certificates,
      String digest)
      throws ScepException {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(DIGESTS, RsaDigestEncryption.INSTANCE)
              .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
              .build(signer(digest, signerKey), signerCert));
      generator.addCertificates(certificates);
      CMSTypedData content =
          envelope == null ? new CMSAbsentContent() : new CMSProcessableByteArray(envelope);
      // DER, not BouncyCastle's default BER with 1000-byte content chunks: Go's pkcs7 (micromdm
      // scepclient) hashes the chunk headers of BER content and reports a digest mismatch.
      return generator.generate(content, envelope != null).getEncoded(ASN1Encoding.DER);
    } catch (OperatorCreationException | CMSException | IOException | IllegalArgumentException e) {
      throw ScepException.of(null, "cannot sign the pkiMessage: " + e.getMessage(), null, e);
    }
  }

  /**
   * The envelope in DER too, like the SignedData around it: BouncyCastle's BER writes the encrypted
   * content as a constructed OCTET STRING in chunks, which strict DER parsers (Go's pkcs7 in
   * micromdm and step-ca) may mis-read; re-encoding changes no encrypted byte.
   */
  private static byte[] der(org.bouncycastle.asn1.ASN1Object structure) throws IOException {
    return structure.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
  }

  /**
   * The certificates (JCA or BouncyCastle) a SignedData is to carry, as BouncyCastle holds them: a
   * CA builds its reply certificates' once, not one parse of each per CertRep.
   */
  static Store<X509CertificateHolder> certStore(List<?> certificates) {
    try {
      return new JcaCertStore(certificates);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode a certificate: " + e.getMessage(), e);
    }
  }

  /** A certificate as BouncyCastle holds it, for a signer's identifier and the SignedData. */
  static X509CertificateHolder holder(X509Certificate certificate) {
    try {
      return new JcaX509CertificateHolder(certificate);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode a certificate: " + e.getMessage(), e);
    }
  }

  /** The certificates as BouncyCastle holds them, in their order. */
  static List<X509CertificateHolder> holders(List<X509Certificate> certificates) {
    return certificates.stream().map(CmsLayers::holder).toList();
  }

  /** A certs-only ("degenerate") SignedData carrying certificates and optionally one CRL. */
  static byte[] certsOnly(List<X509Certificate> certificates, X509CRL crl) throws ScepException {
    return certsOnlyHolding(holders(certificates), crl);
  }

  /** {@link #certsOnly} of certificates as BouncyCastle holds them. */
  static byte[] certsOnlyHolding(List<X509CertificateHolder> certificates, X509CRL crl)
      throws ScepException {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new CollectionStore<>(certificates));
      if (crl != null) {
        generator.addCRL(new JcaX509CRLHolder(crl));
      }
      return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
    } catch (CMSException | CRLException | IOException e) {
      throw ScepException.of(
          null, "cannot encode certs-only SignedData: " + e.getMessage(), null, e);
    }
  }

  /** The certificates a (certs-only) SignedData carries, in its order. */
  static List<X509Certificate> certificates(CMSSignedData signed) throws CertificateException {
    List<X509Certificate> certs = new ArrayList<>();
    for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
      certs.add(certificate(holder));
    }
    return certs;
  }
}
