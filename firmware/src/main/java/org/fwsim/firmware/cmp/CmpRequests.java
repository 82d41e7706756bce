package org.fwsim.firmware.cmp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PollReqContent;
import org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers;
import org.bouncycastle.asn1.crmf.CertId;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.CertificateConfirmationContentBuilder;
import org.bouncycastle.cert.crmf.CRMFException;
import org.bouncycastle.cert.crmf.CertificateRequestMessageBuilder;
import org.bouncycastle.cert.crmf.Control;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The client's PKIMessages as values: IR, CR and KUR with one certificate request (signature proof
 * of possession by the new key), and the certConf that accepts what came back. The clock is the
 * appliance's (messageTime); nothing here does IO.
 */
public final class CmpRequests {

  /** The one certReqId of every request (RFC 9483 §4.1.1: 0). */
  static final BigInteger CERT_REQ_ID = BigInteger.ZERO;

  private final InstantSource clock;

  public CmpRequests(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A request sent, with what its answer is checked against.
   *
   * @param der the PKIMessage as sent
   * @param bodyType ir, cr or kur (or certConf, pollReq)
   * @param answerType the body that answers it: ip, cp or kup (also to a pollReq), or pkiConf
   * @param transactionId the transaction's ID, kept for certConf
   * @param senderNonce our nonce: the answer's recipNonce must be it
   * @param sender our name, kept for certConf
   * @param recipient the CA's name, or NULL-DN
   * @param protection how we protected it (and how certConf is protected)
   */
  public record Sent(
      byte[] der,
      int bodyType,
      int answerType,
      byte[] transactionId,
      byte[] senderNonce,
      GeneralName sender,
      GeneralName recipient,
      CmpProtection protection) {}

  /** The NULL-DN recipient of a client that does not know the CA's name (RFC 4210 §5.1.1). */
  public static GeneralName nullDn() {
    return new GeneralName(new X500Name(""));
  }

  /**
   * IR: a first certificate for {@code subject} and {@code newKey}, MAC-protected with the shared
   * secret, or signed by a certificate the CA knows (RFC 4210 §5.3.1; FortiOS's {@code authcert}).
   */
  public Sent ir(X500Name subject, KeyPair newKey, CmpProtection protection, GeneralName recipient)
      throws CmpException {
    return request(PKIBody.TYPE_INIT_REQ, subject, newKey, null, protection, recipient);
  }

  /**
   * KUR (or CR with {@code renewal}): a certificate for {@code newKey} keeping the current
   * certificate's subject, signed with the current key and carrying the current certificate.
   */
  public Sent update(
      boolean keyUpdate,
      KeyPair newKey,
      X509Certificate current,
      PrivateKey currentKey,
      GeneralName recipient)
      throws CmpException {
    X500Name subject = X500Name.getInstance(current.getSubjectX500Principal().getEncoded());
    return request(
        keyUpdate ? PKIBody.TYPE_KEY_UPDATE_REQ : PKIBody.TYPE_CERT_REQ,
        subject,
        newKey,
        current,
        new CmpProtection.Signature(currentKey, List.of(current)),
        recipient);
  }

  private Sent request(
      int type,
      X500Name subject,
      KeyPair newKey,
      X509Certificate current,
      CmpProtection protection,
      GeneralName recipient)
      throws CmpException {
    CertificateRequestMessageBuilder b =
        new CertificateRequestMessageBuilder(CERT_REQ_ID)
            .setSubject(subject)
            .setPublicKey(SubjectPublicKeyInfo.getInstance(newKey.getPublic().getEncoded()));
    if (type == PKIBody.TYPE_KEY_UPDATE_REQ) {
      b.addControl(oldCertId(current));
    }
    CertReqMessages body;
    try {
      b.setProofOfPossessionSigningKeySigner(
          new JcaContentSignerBuilder(
                  CmpProtection.signatureAlgorithm(newKey.getPrivate().getAlgorithm()))
              .build(newKey.getPrivate()));
      body = new CertReqMessages(b.build().toASN1Structure());
    } catch (CRMFException | OperatorCreationException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.SYSTEM_FAILURE, "cannot build the request: " + e.getMessage(), e);
    }
    GeneralName sender = new GeneralName(subject);
    byte[] tx = CmpMessages.nonce();
    byte[] nonce = CmpMessages.nonce();
    CmpMessages.Header h =
        new CmpMessages.Header(
            PKIHeader.CMP_2000, sender, recipient, tx, nonce, null, now(), List.of());
    byte[] der = CmpMessages.encode(h, new PKIBody(type, body), protection);
    return new Sent(der, type, type + 1, tx, nonce, sender, recipient, protection);
  }

  /**
   * certConf accepting {@code issued} (its hash, RFC 4210 §5.3.18), in the transaction of {@code
   * request}, answering the CA's {@code caNonce}.
   */
  public Sent certConf(Sent request, X509Certificate issued, byte[] caNonce) throws CmpException {
    PKIBody body;
    try {
      body =
          new PKIBody(
              PKIBody.TYPE_CERT_CONFIRM,
              new CertificateConfirmationContentBuilder()
                  .addAcceptedCertificate(holder(issued), CERT_REQ_ID)
                  .build(new JcaDigestCalculatorProviderBuilder().build())
                  .toASN1Structure());
    } catch (CMPException | OperatorCreationException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.SYSTEM_FAILURE, "cannot build certConf: " + e.getMessage(), e);
    }
    return followUp(request, body, PKIBody.TYPE_CONFIRM, caNonce);
  }

  /**
   * pollReq (RFC 4210 §5.3.22) for the certificate of {@code request}, which the CA answered with
   * {@code waiting}: answered by pollRep, or by the ip, cp or kup at last.
   */
  public Sent pollReq(Sent request, byte[] caNonce) throws CmpException {
    PKIBody body = new PKIBody(PKIBody.TYPE_POLL_REQ, new PollReqContent(CERT_REQ_ID));
    return followUp(request, body, request.answerType(), caNonce);
  }

  /** A later message of {@code request}'s transaction, protected as it was, answering caNonce. */
  private Sent followUp(Sent request, PKIBody body, int answerType, byte[] caNonce)
      throws CmpException {
    byte[] nonce = CmpMessages.nonce();
    CmpMessages.Header h =
        new CmpMessages.Header(
            PKIHeader.CMP_2000,
            request.sender(),
            request.recipient(),
            request.transactionId(),
            nonce,
            caNonce,
            now(),
            List.of());
    byte[] der = CmpMessages.encode(h, body, request.protection());
    return new Sent(
        der,
        body.getType(),
        answerType,
        request.transactionId(),
        nonce,
        request.sender(),
        request.recipient(),
        request.protection());
  }

  private Date now() {
    return Date.from(clock.instant());
  }

  /** The oldCertID control of a KUR (RFC 4211 §6.5): the certificate being updated. */
  private static Control oldCertId(X509Certificate current) {
    CertId id =
        new CertId(
            new GeneralName(X500Name.getInstance(current.getIssuerX500Principal().getEncoded())),
            new ASN1Integer(current.getSerialNumber()));
    return new Control() {
      @Override
      public ASN1ObjectIdentifier getType() {
        return CRMFObjectIdentifiers.id_regCtrl_oldCertID;
      }

      @Override
      public ASN1Encodable getValue() {
        return id;
      }
    };
  }

  static X509CertificateHolder holder(X509Certificate c) throws CmpException {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (CertificateEncodingException | IOException e) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "certificate cannot be encoded", e);
    }
  }
}
