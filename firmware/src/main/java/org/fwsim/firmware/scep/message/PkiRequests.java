package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The appliance side of SCEP messages: builds signed and encrypted requests and verifies and opens
 * CertReps. No IO and no mutable state besides the injected random source, so one instance can
 * serve many appliances (SecureRandom is thread-safe).
 */
public final class PkiRequests {

  /**
   * Validity of the self-signed signer: a little in the past for clock skew, long enough to poll.
   */
  private static final Duration SELF_SIGNED_BACKDATE = Duration.ofHours(1);

  private static final Duration SELF_SIGNED_LIFETIME = Duration.ofDays(30);

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final InstantSource clock;
  private final SecureRandom random;

  public PkiRequests(InstantSource clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /**
   * The transactionID for a key: MD5 of the DER SubjectPublicKeyInfo as 32 upper-case hex
   * characters, as sscep does and as FortiOS traces look.
   */
  public static String transactionId(PublicKey key) {
    return md5Hex(key.getEncoded());
  }

  private static String md5Hex(byte[] spki) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("MD5").digest(spki));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from the JCA", e);
    }
  }

  /**
   * A self-signed certificate to sign an initial request with (RFC 8894 §2.3): same subject and key
   * as the CSR, keyUsage digitalSignature, plus what lets the CA encrypt its reply to that key:
   * keyEncipherment for RSA, keyAgreement for EC.
   */
  public X509Certificate selfSignedSigner(KeyPair keyPair, X500Name subject) {
    Instant now = clock.instant();
    BigInteger serial =
        new BigInteger(1, HexFormat.of().parseHex(transactionId(keyPair.getPublic())));
    int usage =
        KeyUsage.digitalSignature
            | ("RSA".equals(keyPair.getPublic().getAlgorithm())
                ? KeyUsage.keyEncipherment
                : CmsLayers.isEc(keyPair.getPublic()) ? KeyUsage.keyAgreement : 0);
    try {
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial,
                  Date.from(now.minus(SELF_SIGNED_BACKDATE)),
                  Date.from(now.plus(SELF_SIGNED_LIFETIME)),
                  subject,
                  keyPair.getPublic())
              .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
              .build(CmsLayers.signer("SHA-256", keyPair.getPrivate()));
      return CmsLayers.certificate(holder);
    } catch (CertIOException | OperatorCreationException | CertificateException e) {
      throw new IllegalArgumentException(
          "cannot build self-signed signer for " + subject + ": " + e.getMessage(), e);
    }
  }

  /**
   * A PKCSReq (19): the CSR, authorised by its challengePassword or by a previously issued signer.
   */
  public OutboundRequest pkcsReq(PKCS10CertificationRequest csr, RequestParties parties)
      throws ScepException {
    return enrol(MessageType.PKCS_REQ, csr, parties);
  }

  /** A RenewalReq (17): the CSR signed with the existing CA-issued certificate. */
  public OutboundRequest renewalReq(PKCS10CertificationRequest csr, RequestParties parties)
      throws ScepException {
    return enrol(MessageType.RENEWAL_REQ, csr, parties);
  }

  private OutboundRequest enrol(
      MessageType type, PKCS10CertificationRequest csr, RequestParties parties)
      throws ScepException {
    byte[] spki;
    byte[] data;
    try {
      spki = csr.getSubjectPublicKeyInfo().getEncoded();
      data = csr.getEncoded();
    } catch (IOException e) {
      throw ScepException.of(null, "cannot encode PKCS#10: " + e.getMessage(), null, e);
    }
    return request(type, md5Hex(spki), data, parties)
        .withChallengePassword(ScepCsr.challengePassword(csr));
  }

  /**
   * A CertPoll (20) for a pending enrolment: same transactionID, issuer = CA subject, subject = CSR
   * subject.
   */
  public OutboundRequest certPoll(
      X500Name issuer, X500Name subject, String transactionId, RequestParties parties)
      throws ScepException {
    return request(
        MessageType.CERT_POLL, transactionId, der(new IssuerAndSubject(issuer, subject)), parties);
  }

  /** A GetCert (21) for the certificate with that issuer and serial number. */
  public OutboundRequest getCert(X500Name issuer, BigInteger serial, RequestParties parties)
      throws ScepException {
    return bySerial(MessageType.GET_CERT, issuer, serial, parties);
  }

  /** A GetCRL (22) for the CRL covering the certificate with that issuer and serial number. */
  public OutboundRequest getCrl(X500Name issuer, BigInteger serial, RequestParties parties)
      throws ScepException {
    return bySerial(MessageType.GET_CRL, issuer, serial, parties);
  }

  private OutboundRequest bySerial(
      MessageType type, X500Name issuer, BigInteger serial, RequestParties parties)
      throws ScepException {
    return request(
        type, randomTransactionId(), der(new IssuerAndSerialNumber(issuer, serial)), parties);
  }

  private String randomTransactionId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return HEX.formatHex(id);
  }

  private static byte[] der(org.bouncycastle.asn1.ASN1Object object) throws ScepException {
    try {
      return object.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
    } catch (IOException e) {
      throw ScepException.of(null, "cannot encode messageData: " + e.getMessage(), null, e);
    }
  }

  private OutboundRequest request(
      MessageType type, String transactionId, byte[] messageData, RequestParties parties)
      throws ScepException {
    byte[] nonce = new byte[ScepAttributes.NONCE_SIZE];
    random.nextBytes(nonce);
    // Requests always use KeyTrans to the CA/RA encryption certificate, whatever our own key is:
    // a CA that decrypts has an RSA certificate for it (RFC 8894 §2.1.2).
    byte[] envelope =
        CmsLayers.envelope(
            messageData,
            parties.ca().encryptionCert(),
            "CA/RA encryption certificate",
            parties.caps().cipher(),
            random);
    AttributeTable attributes =
        ScepAttributes.common(transactionId, type, nonce, Date.from(clock.instant())).table();
    // One parse of the signer's certificate for its SignerInfo and the SignedData's certificates.
    X509CertificateHolder signer = CmsLayers.holder(parties.signer());
    byte[] der =
        CmsLayers.sign(
            envelope,
            attributes,
            signer,
            parties.signerKey(),
            CmsLayers.certStore(List.of(signer)),
            parties.caps().digest());
    WrapStats stats =
        new WrapStats(
            messageData.length, envelope.length, der.length, WrapStats.base64LinesSize(der.length));
    return new OutboundRequest(type, transactionId, nonce, der, stats, parties.signer(), null);
  }

  /**
   * Verifies and opens a CertRep: signed by the CA or one of its RA certificates, same
   * transactionID, recipientNonce equal to our senderNonce, messageType CertRep, a pkiStatus.
   * SUCCESS replies are decrypted with {@code decryptKey} (the key of the certificate the request
   * was signed with): KeyTrans for RSA, KeyAgree for EC, or PasswordRecipientInfo with the
   * challengePassword the request's CSR carried ({@link OutboundRequest#challengePassword()}).
   * Failures carry no failInfo: a bad reply is the client's error, not a SCEP answer.
   */
  public CertRep decodeReply(
      byte[] body, OutboundRequest sent, PrivateKey decryptKey, CaCertificates ca)
      throws ScepException {
    SignedPkiMessage reply = SignedPkiMessage.parse(body, null, "CertRep");
    // The certificate the reply carries for its signer, when it is one of the CA's, names the
    // signer without parsing each CA certificate again to match the signer identifier.
    X509Certificate embedded = reply.embeddedSignerCertificate();
    int known = embedded == null ? -1 : ca.all().indexOf(embedded);
    X509Certificate signer = known < 0 ? null : ca.all().get(known);
    for (int i = 0; signer == null && i < ca.all().size(); i++) {
      if (reply.signedBy(ca.all().get(i))) {
        signer = ca.all().get(i);
      }
    }
    if (signer == null) {
      throw ScepException.of(
          null,
          "CertRep is signed by "
              + (embedded != null
                  ? embedded.getSubjectX500Principal().getName()
                  : reply.signerId().toString())
              + ", which is neither the CA nor one of its RA certificates");
    }
    if (!reply.verifies(signer.getPublicKey())) {
      throw ScepException.of(
          null,
          "CertRep signature does not verify with " + signer.getSubjectX500Principal().getName());
    }
    AttributeTable attributes = reply.attributes();
    String transactionId = ScepAttributes.string(attributes, ScepAttributes.TRANSACTION_ID);
    if (!sent.transactionId().equals(transactionId)) {
      throw ScepException.of(
          null,
          "CertRep transactionID "
              + transactionId
              + " does not match the request's "
              + sent.transactionId());
    }
    int type = ScepAttributes.number(attributes, ScepAttributes.MESSAGE_TYPE);
    if (type != MessageType.CERT_REP.code()) {
      throw ScepException.of(
          null,
          "reply messageType is "
              + ScepAttributes.string(attributes, ScepAttributes.MESSAGE_TYPE)
              + ", expected CertRep (3)");
    }
    byte[] recipientNonce = ScepAttributes.octets(attributes, ScepAttributes.RECIPIENT_NONCE);
    if (recipientNonce == null || !Arrays.equals(recipientNonce, sent.senderNonce())) {
      throw ScepException.of(
          null,
          "CertRep recipientNonce "
              + hex(recipientNonce)
              + " does not match our senderNonce "
              + hex(sent.senderNonce()));
    }
    byte[] senderNonce = ScepAttributes.octets(attributes, ScepAttributes.SENDER_NONCE);
    if (senderNonce == null) {
      throw ScepException.of(null, "CertRep has no senderNonce");
    }
    int statusCode = ScepAttributes.number(attributes, ScepAttributes.PKI_STATUS);
    if (statusCode < 0) {
      throw ScepException.of(null, "CertRep has no valid pkiStatus");
    }
    PkiStatus status = PkiStatus.ofCode(statusCode);
    if (status == PkiStatus.SUCCESS) {
      return success(reply, sent, decryptKey, transactionId, senderNonce, recipientNonce);
    }
    FailInfo info = null;
    String infoText = null;
    if (status == PkiStatus.FAILURE) {
      int code = ScepAttributes.number(attributes, ScepAttributes.FAIL_INFO);
      info = code < 0 ? null : FailInfo.ofCode(code);
      infoText = ScepAttributes.string(attributes, ScepAttributes.FAIL_INFO_TEXT);
    }
    byte[] envelope = reply.envelope();
    int envelopedSize = envelope == null ? 0 : envelope.length;
    return new CertRep(
        status,
        info,
        infoText,
        transactionId,
        MessageType.CERT_REP,
        senderNonce,
        recipientNonce,
        List.of(),
        null,
        new UnwrapStats(reply.size(), envelopedSize, 0));
  }

  private static CertRep success(
      SignedPkiMessage reply,
      OutboundRequest sent,
      PrivateKey decryptKey,
      String transactionId,
      byte[] senderNonce,
      byte[] recipientNonce)
      throws ScepException {
    byte[] envelope = reply.envelope();
    if (envelope == null) {
      throw ScepException.of(null, "SUCCESS CertRep carries no pkcsPKIEnvelope");
    }
    byte[] inner;
    try {
      CMSEnvelopedData enveloped = SignedPkiMessage.parseEnvelope(envelope);
      inner = ReplyEnvelopes.open(enveloped, sent.signer(), decryptKey, sent.challengePassword());
    } catch (SignedPkiMessage.EnvelopeException e) {
      throw ScepException.of(null, "CertRep: " + e.getMessage(), null, e);
    }
    List<X509Certificate> certs = new ArrayList<>();
    X509CRL crl = null;
    try {
      CMSSignedData certsOnly = new CMSSignedData(inner);
      certs.addAll(CmsLayers.certificates(certsOnly));
      for (Object holder : certsOnly.getCRLs().getMatches(null)) {
        crl = new JcaX509CRLConverter().getCRL((X509CRLHolder) holder);
        break;
      }
    } catch (CMSException | CertificateException | CRLException | RuntimeException e) {
      throw ScepException.unreadable(
          null, "CertRep content", inner.length, "a certs-only SignedData", e);
    }
    if (sent.type() == MessageType.GET_CRL ? crl == null : certs.isEmpty()) {
      throw ScepException.of(
          null,
          "SUCCESS CertRep to "
              + sent.type()
              + " carries no "
              + (sent.type() == MessageType.GET_CRL ? "CRL" : "certificate"));
    }
    return new CertRep(
        PkiStatus.SUCCESS,
        null,
        null,
        transactionId,
        MessageType.CERT_REP,
        senderNonce,
        recipientNonce,
        certs,
        crl,
        new UnwrapStats(reply.size(), envelope.length, inner.length));
  }

  /** The certificate in a SUCCESS CertRep that certifies our public key. */
  public static X509Certificate issuedFor(CertRep rep, PublicKey ourKey) throws ScepException {
    if (rep.status() != PkiStatus.SUCCESS) {
      throw ScepException.of(
          null, "CertRep status is " + rep.status() + ", no certificate was issued");
    }
    for (X509Certificate cert : rep.certificates()) {
      if (Arrays.equals(cert.getPublicKey().getEncoded(), ourKey.getEncoded())) {
        return cert;
      }
    }
    throw ScepException.of(
        null,
        "none of the "
            + rep.certificates().size()
            + " certificates in the CertRep is for our key (transaction "
            + rep.transactionId()
            + ")");
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "(absent)" : HEX.formatHex(bytes);
  }
}
