package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder;

/**
 * A received pkiMessage opened with BouncyCastle: its one signer, signed attributes and envelope.
 *
 * @param signer the one SignerInfo
 * @param attributes its signed attributes
 * @param embeddedSignerCertificate the certificate in the SignedData that matches the signer, or
 *     null
 * @param envelope the pkcsPKIEnvelope bytes (the encapsulated content), or null when the message
 *     has none
 * @param size the length of the DER the message was parsed from
 */
record SignedPkiMessage(
    SignerInformation signer,
    AttributeTable attributes,
    X509Certificate embeddedSignerCertificate,
    byte[] envelope,
    int size) {

  /*
   * Built once and shared (they are read-only after construction): BouncyCastle's simple verifier
   * builder makes a new name generator, a table of some hundred algorithms, for each signature,
   * which cost more than the RSA verification itself (JFR of a renewal storm).
   */
  private static final CMSSignatureAlgorithmNameGenerator SIGNATURE_NAMES =
      new DefaultCMSSignatureAlgorithmNameGenerator();
  private static final SignatureAlgorithmIdentifierFinder SIGNATURE_IDS =
      new DefaultSignatureAlgorithmIdentifierFinder();

  /**
   * Parses DER bytes as a CMS SignedData with exactly one signer. Failures carry {@code failInfo}
   * and no header: nothing of the request could be read. BouncyCastle parses some parts lazily, so
   * everything used later (signer, attributes, certificates, content) is read here, where a corrupt
   * structure becomes a ScepException rather than a runtime exception further on.
   */
  static SignedPkiMessage parse(byte[] der, FailInfo failInfo, String what) throws ScepException {
    if (der == null || der.length == 0) {
      throw ScepException.of(failInfo, what + " is empty");
    }
    try {
      ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
        throw ScepException.of(
            failInfo, what + " is CMS " + info.getContentType() + ", not SignedData");
      }
      CMSSignedData signedData = new CMSSignedData(info);
      Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        throw ScepException.of(
            failInfo, what + " has " + signers.size() + " signers, expected exactly 1");
      }
      SignerInformation signer = signers.iterator().next();
      if (signedData.getVersion() < 1 || signedData.getVersion() > 5) {
        throw ScepException.of(
            failInfo,
            what
                + " has SignedData version "
                + signedData.getVersion()
                + "; RFC 5652 defines 1 to 5");
      }
      // The outer digestAlgorithms set is not covered by the signature; a strict peer
      // (OpenSSL) refuses a SignedData whose signer uses a digest the set does not list.
      if (signedData.getDigestAlgorithmIDs().stream()
          .noneMatch(a -> a.getAlgorithm().equals(signer.getDigestAlgorithmID().getAlgorithm()))) {
        throw ScepException.of(
            failInfo,
            what
                + " is signed with digest "
                + signer.getDigestAlgOID()
                + ", which its digestAlgorithms set does not list");
      }
      return new SignedPkiMessage(
          signer,
          signer.getSignedAttributes(),
          embeddedCertificate(signedData, signer),
          content(signedData, failInfo, what),
          der.length);
    } catch (IOException | CMSException | RuntimeException e) {
      throw ScepException.unreadable(failInfo, what, der.length, "a valid DER CMS SignedData", e);
    }
  }

  private static byte[] content(CMSSignedData signedData, FailInfo failInfo, String what)
      throws ScepException {
    CMSTypedData content = signedData.getSignedContent();
    if (content == null) {
      return null;
    }
    // BouncyCastle hands back a byte[] only for OCTET STRING content, which SCEP always uses.
    if (!(content.getContent() instanceof byte[] octets)) {
      throw ScepException.of(
          failInfo,
          what
              + " encapsulates "
              + content.getContentType()
              + " content that is not an OCTET STRING");
    }
    return octets.length == 0 ? null : octets;
  }

  private static X509Certificate embeddedCertificate(
      CMSSignedData signedData, SignerInformation signer) {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches =
        signedData.getCertificates().getMatches(signer.getSID());
    for (X509CertificateHolder holder : matches) {
      try {
        return CmsLayers.certificate(holder);
      } catch (CertificateException e) {
        return null;
      }
    }
    return null;
  }

  SignerId signerId() {
    return signer.getSID();
  }

  /**
   * True if the signer's signature verifies with that key; the certificate's validity is left to
   * policy.
   */
  boolean verifies(PublicKey key) {
    try {
      return signer.verify(
          new SignerInformationVerifier(
              SIGNATURE_NAMES,
              SIGNATURE_IDS,
              CmsLayers.verifierProvider(key),
              CmsLayers.digestProvider()));
    } catch (CMSException | OperatorCreationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * True if the signer identifier names this certificate (issuer and serial, or key identifier).
   */
  boolean signedBy(X509Certificate cert) {
    try {
      return signer.getSID().match(new X509CertificateHolder(cert.getEncoded()));
    } catch (IOException | java.security.cert.CertificateEncodingException | RuntimeException e) {
      return false;
    }
  }

  /** An opened envelope: the cleartext and the content cipher that protected it. */
  record Opened(byte[] content, ASN1ObjectIdentifier cipher) {}

  /** Why an envelope could not be opened, with the SCEP reason a CA would answer. */
  static final class EnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient FailInfo failInfo;

    EnvelopeException(FailInfo failInfo, String message, Throwable cause) {
      super(message, cause);
      this.failInfo = failInfo;
    }
  }

  /** Parses an EnvelopedData (without decrypting). */
  static CMSEnvelopedData parseEnvelope(byte[] der) throws EnvelopeException {
    try {
      ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!CMSObjectIdentifiers.envelopedData.equals(info.getContentType())) {
        throw new EnvelopeException(
            FailInfo.BAD_REQUEST,
            "pkcsPKIEnvelope is CMS " + info.getContentType() + ", not EnvelopedData",
            null);
      }
      return new CMSEnvelopedData(info);
    } catch (IOException | CMSException | RuntimeException e) {
      throw new EnvelopeException(
          FailInfo.BAD_REQUEST,
          "pkcsPKIEnvelope is not a DER CMS EnvelopedData: " + e.getMessage(),
          e);
    }
  }

  /**
   * Decrypts a request's envelope with the CA's RSA key. With a recipient certificate, only the
   * RecipientInfo naming it is tried; without, every key-transport RecipientInfo is tried. (Replies
   * are opened by {@link ReplyEnvelopes#open}, which knows the other recipient kinds.)
   */
  static byte[] decrypt(CMSEnvelopedData envelope, X509Certificate recipient, PrivateKey key)
      throws EnvelopeException {
    RecipientInformationStore store = envelope.getRecipientInfos();
    List<RecipientInformation> candidates;
    if (recipient != null) {
      RecipientInformation mine = store.get(new JceKeyTransRecipientId(recipient));
      if (mine == null) {
        throw new EnvelopeException(
            FailInfo.BAD_MESSAGE_CHECK,
            "pkcsPKIEnvelope is not encrypted to "
                + recipient.getSubjectX500Principal().getName()
                + " (serial "
                + recipient.getSerialNumber().toString(16)
                + "); wrong CA/RA recipient certificate",
            null);
      }
      candidates = List.of(mine);
    } else {
      candidates = List.copyOf(store.getRecipients());
    }
    Exception last = null;
    for (RecipientInformation info : candidates) {
      try {
        return info.getContent(new JceKeyTransEnvelopedRecipient(key));
      } catch (CMSException | RuntimeException e) {
        last = e;
      }
    }
    throw new EnvelopeException(
        FailInfo.BAD_MESSAGE_CHECK,
        "cannot decrypt pkcsPKIEnvelope"
            + (last == null ? ": no recipient" : ": " + last.getMessage()),
        last);
  }
}
