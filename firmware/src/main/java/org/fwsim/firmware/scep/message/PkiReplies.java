package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.Store;

/**
 * The CA side of SCEP messages: authenticates and opens requests and builds signed CertReps. No IO;
 * immutable after construction and safe to share between CA worker threads. A SUCCESS CertRep is
 * encrypted to the request's signer: KeyTransRecipientInfo for an RSA signer; for an EC signer
 * PasswordRecipientInfo keyed by the CSR's challengePassword, or, without one,
 * KeyAgreeRecipientInfo (ECDH) to the signer certificate (RFC 8894 §3.1).
 */
public final class PkiReplies {

  /** RFC 8894 §2.9 makes SHA-256 mandatory; replies always use it. */
  private static final String REPLY_DIGEST = "SHA-256";

  /**
   * PBKDF2-HMAC-SHA256 iterations of the password-based CertReps sealed for EC signers whose CSR
   * carried a challengePassword (what a crypto bound must count for them, on both sides).
   */
  public static final int PASSWORD_ENVELOPE_ITERATIONS = PasswordEnvelopes.ITERATIONS;

  private final X509Certificate recipientCert;
  private final PrivateKey recipientKey;
  private final X509Certificate signerCert;

  /** {@link #signerCert} as each CertRep's SignerInfo names it: parsed once. */
  private final X509CertificateHolder signerHolder;

  private final PrivateKey signerKey;

  /** The certificates each CertRep carries, as its SignedData holds them: encoded once. */
  private final Store<X509CertificateHolder> replyCerts;

  private final InstantSource clock;
  private final SecureRandom random;

  /**
   * @param recipientCert the CA/RA certificate clients encrypt requests to
   * @param recipientKey its private key
   * @param signerCert the CA/RA certificate CertReps are signed with
   * @param signerKey its private key
   * @param extraCerts further certificates to include in every CertRep (e.g. the CA above an RA)
   * @param random draws the nonces and content keys (a seeded one makes runs repeat)
   */
  public PkiReplies(
      X509Certificate recipientCert,
      PrivateKey recipientKey,
      X509Certificate signerCert,
      PrivateKey signerKey,
      List<X509Certificate> extraCerts,
      InstantSource clock,
      SecureRandom random) {
    this.recipientCert = recipientCert;
    this.recipientKey = recipientKey;
    this.signerCert = signerCert;
    this.signerHolder = CmsLayers.holder(signerCert);
    this.signerKey = signerKey;
    this.replyCerts = CmsLayers.certStore(signerFirst(signerCert, extraCerts));
    this.clock = clock;
    this.random = random;
  }

  /**
   * The replies of a CA without RA certificates: it decrypts requests and signs CertReps itself.
   */
  public static PkiReplies ofCa(
      X509Certificate ca, PrivateKey key, InstantSource clock, SecureRandom random) {
    return new PkiReplies(ca, key, ca, key, List.of(), clock, random);
  }

  /** {@code from} with {@code replyCerts} as the whole set each CertRep carries. */
  private PkiReplies(PkiReplies from, List<X509Certificate> replyCerts) {
    this.recipientCert = from.recipientCert;
    this.recipientKey = from.recipientKey;
    this.signerCert = from.signerCert;
    this.signerHolder = from.signerHolder;
    this.signerKey = from.signerKey;
    this.replyCerts = CmsLayers.certStore(replyCerts);
    this.clock = from.clock;
    this.random = from.random;
  }

  private static List<X509Certificate> signerFirst(
      X509Certificate signerCert, List<X509Certificate> extraCerts) {
    List<X509Certificate> certs = new ArrayList<>();
    certs.add(signerCert);
    certs.addAll(extraCerts);
    return certs;
  }

  /**
   * A builder whose CertReps carry exactly these certificates in the SignedData (possibly none:
   * some CAs send none, Cisco clients want the CA certificate, Juniper forbids it).
   */
  public PkiReplies withReplyCertificates(List<X509Certificate> certificates) {
    return new PkiReplies(this, certificates);
  }

  /**
   * Authenticates and opens a pkiMessage. Failures carry the failInfo to answer with, and the
   * header when the transactionID and senderNonce could be read (else the CA answers HTTP 400).
   */
  public InboundRequest decode(byte[] pkiMessage) throws ScepException {
    SignedPkiMessage message =
        SignedPkiMessage.parse(pkiMessage, FailInfo.BAD_REQUEST, "pkiMessage");
    AttributeTable attributes = message.attributes();
    String transactionId = ScepAttributes.string(attributes, ScepAttributes.TRANSACTION_ID);
    byte[] senderNonce = ScepAttributes.octets(attributes, ScepAttributes.SENDER_NONCE);
    if (transactionId == null || senderNonce == null) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST,
          "pkiMessage lacks "
              + (transactionId == null ? "transactionID" : "senderNonce")
              + " signed attribute");
    }
    X509Certificate signer = message.embeddedSignerCertificate();
    int typeCode = ScepAttributes.number(attributes, ScepAttributes.MESSAGE_TYPE);
    RequestHeader partial = new RequestHeader(null, transactionId, senderNonce, signer);
    if (typeCode < 0) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST, "pkiMessage has no valid messageType attribute", partial);
    }
    MessageType type;
    try {
      type = MessageType.ofCode(typeCode);
    } catch (ScepException e) {
      throw ScepException.of(FailInfo.BAD_REQUEST, e.getMessage(), partial);
    }
    RequestHeader header = new RequestHeader(type, transactionId, senderNonce, signer);
    if (!type.isRequest()) {
      throw ScepException.of(FailInfo.BAD_REQUEST, "a CertRep was sent to the CA", header);
    }
    if (signer == null) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST, "pkiMessage does not include its signer certificate", header);
    }
    if (!message.verifies(signer.getPublicKey())) {
      throw ScepException.of(
          FailInfo.BAD_MESSAGE_CHECK,
          "pkiMessage signature does not verify with signer "
              + signer.getSubjectX500Principal().getName(),
          header);
    }
    if (message.envelope() == null) {
      throw ScepException.of(FailInfo.BAD_REQUEST, type + " carries no pkcsPKIEnvelope", header);
    }
    ASN1ObjectIdentifier cipher;
    byte[] messageData;
    try {
      CMSEnvelopedData envelope = SignedPkiMessage.parseEnvelope(message.envelope());
      cipher = envelope.getContentEncryptionAlgorithm().getAlgorithm();
      if (ContentCipher.ofOid(cipher).isEmpty()) {
        throw ScepException.of(
            FailInfo.BAD_ALG,
            "content cipher " + cipher + " is not supported (AES-128-CBC or DES-EDE3-CBC)",
            header);
      }
      messageData = SignedPkiMessage.decrypt(envelope, recipientCert, recipientKey);
    } catch (SignedPkiMessage.EnvelopeException e) {
      throw ScepException.of(e.failInfo, e.getMessage(), header, e);
    }
    return payload(header, messageData, ScepAttributes.signingTime(attributes), cipher);
  }

  private static InboundRequest payload(
      RequestHeader header, byte[] data, Date signingTime, ASN1ObjectIdentifier cipher)
      throws ScepException {
    try {
      switch (header.type()) {
        case PKCS_REQ, RENEWAL_REQ -> {
          PKCS10CertificationRequest csr = new PKCS10CertificationRequest(data);
          checkProofOfPossession(header, csr);
          return new InboundRequest(
              header, csr, null, null, null, signingTime, cipher, ScepCsr.challengePassword(csr));
        }
        case CERT_POLL -> {
          IssuerAndSubject ias = IssuerAndSubject.getInstance(ASN1Primitive.fromByteArray(data));
          return new InboundRequest(
              header, null, ias.issuer(), ias.subject(), null, signingTime, cipher, null);
        }
        case GET_CERT, GET_CRL -> {
          IssuerAndSerialNumber ias =
              IssuerAndSerialNumber.getInstance(ASN1Primitive.fromByteArray(data));
          return new InboundRequest(header, null, null, null, ias, signingTime, cipher, null);
        }
        default ->
            throw ScepException.of(
                FailInfo.BAD_REQUEST, header.type() + " is not a request", header);
      }
    } catch (IOException | RuntimeException e) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST,
          "malformed "
              + header.type()
              + " messageData ("
              + data.length
              + " bytes): "
              + e.getMessage(),
          header,
          e);
    }
  }

  /** The CSR must be signed by the key it asks a certificate for. */
  private static void checkProofOfPossession(RequestHeader header, PKCS10CertificationRequest csr)
      throws ScepException {
    PublicKey key;
    try {
      key = CmsLayers.publicKey(csr.getSubjectPublicKeyInfo());
    } catch (ScepException e) {
      throw ScepException.of(FailInfo.BAD_ALG, "PKCS#10: " + e.getMessage(), header, e);
    }
    boolean valid;
    try {
      valid = csr.isSignatureValid(CmsLayers.verifierProvider(key));
    } catch (OperatorCreationException | PKCSException e) {
      throw ScepException.of(
          FailInfo.BAD_ALG,
          "PKCS#10 signature algorithm not supported: " + e.getMessage(),
          header,
          e);
    }
    if (!valid) {
      throw ScepException.of(
          FailInfo.BAD_MESSAGE_CHECK, "PKCS#10 signature does not verify", header);
    }
  }

  /** A SUCCESS CertRep carrying the certificates (issued certificate first, then any chain). */
  public byte[] success(InboundRequest request, List<X509Certificate> certsOnly)
      throws ScepException {
    return successHolding(request, CmsLayers.holders(certsOnly));
  }

  /**
   * A SUCCESS CertRep carrying the certificates as BouncyCastle holds them (a CA that built them
   * need not parse them into the JDK's form first).
   */
  public byte[] successHolding(InboundRequest request, List<X509CertificateHolder> certsOnly)
      throws ScepException {
    return successWith(request, CmsLayers.certsOnlyHolding(certsOnly, null));
  }

  /** A SUCCESS CertRep to GetCRL carrying the CRL. */
  public byte[] successCrl(InboundRequest request, X509CRL crl) throws ScepException {
    return successWith(request, CmsLayers.certsOnly(List.of(), crl));
  }

  private byte[] successWith(InboundRequest request, byte[] messageData) throws ScepException {
    RequestHeader header = request.header();
    ContentCipher cipher =
        ContentCipher.ofOid(request.contentCipher())
            .orElseThrow(
                () ->
                    ScepException.of(
                        FailInfo.BAD_ALG,
                        "cannot reply with content cipher " + request.contentCipher(),
                        header));
    // The reply goes to the key that signed the request (RFC 8894 §2.3): self-signed or old cert;
    // KeyTrans for RSA, the challengePassword or key agreement for EC (§3.1).
    byte[] envelope =
        ReplyEnvelopes.seal(
            messageData, header.signer(), request.challengePassword(), cipher, random);
    return reply(header, PkiStatus.SUCCESS, null, null, envelope);
  }

  /** A PENDING CertRep: no envelope; the client polls with CertPoll. */
  public byte[] pending(InboundRequest request) throws ScepException {
    return reply(request.header(), PkiStatus.PENDING, null, null, null);
  }

  /**
   * A FAILURE CertRep with a failInfo and an optional failInfoText; works from a partial header.
   */
  public byte[] failure(RequestHeader header, FailInfo info, String text) throws ScepException {
    java.util.Objects.requireNonNull(
        info, "a FAILURE CertRep needs a failInfo (RFC 8894 §3.2.1.4)");
    return reply(header, PkiStatus.FAILURE, info, text, null);
  }

  private byte[] reply(
      RequestHeader header, PkiStatus status, FailInfo info, String text, byte[] envelope)
      throws ScepException {
    byte[] nonce = new byte[ScepAttributes.NONCE_SIZE];
    random.nextBytes(nonce);
    ScepAttributes attributes =
        ScepAttributes.common(
                header.transactionId(), MessageType.CERT_REP, nonce, Date.from(clock.instant()))
            .certRep(status, header.senderNonce());
    if (status == PkiStatus.FAILURE) {
      attributes.failure(info, text);
    }
    return CmsLayers.sign(
        envelope, attributes.table(), signerHolder, signerKey, replyCerts, REPLY_DIGEST);
  }

  /** The certificate requests must be encrypted to. */
  public X509Certificate recipientCert() {
    return recipientCert;
  }

  /** The certificate CertReps are signed with. */
  public X509Certificate signerCert() {
    return signerCert;
  }
}
