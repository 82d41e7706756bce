package org.fwsim.firmware.cmp;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.cmp.CMPCertificate;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.PollRepContent;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CertificateRepMessage;
import org.bouncycastle.cert.crmf.CertificateResponse;

/**
 * A CA's answer to one of the client's requests, checked: same transaction, our nonce echoed, the
 * protection verified (the shared secret's MAC, or a signature chaining to a trusted CA), the body
 * of the kind the request calls for. Anything else is a {@link CmpException}.
 */
public sealed interface CmpReply {

  /**
   * ip, cp or kup granting a certificate.
   *
   * @param certificate the certificate issued (not yet checked against our key or the CA)
   * @param caPubs CA certificates the CA offers (an ip's), untrusted
   * @param extraCerts the answer's extraCerts, untrusted
   * @param caNonce the CA's senderNonce, which certConf echoes
   * @param implicitConfirm the CA granted implicit confirmation: no certConf
   */
  record Issued(
      X509Certificate certificate,
      List<X509Certificate> caPubs,
      List<X509Certificate> extraCerts,
      byte[] caNonce,
      boolean implicitConfirm)
      implements CmpReply {}

  /**
   * The CA holds the request (RFC 4210 §5.3.22): an ip, cp or kup with status {@code waiting}, or a
   * pollRep; the client asks again with pollReq.
   *
   * @param checkAfter when to ask again (a pollRep's checkAfter), null when the CA did not say
   * @param reason the CA's reason, empty when none
   * @param caNonce the CA's senderNonce, which the pollReq echoes
   */
  record Waiting(Duration checkAfter, String reason, byte[] caNonce) implements CmpReply {}

  /** pkiConf: the CA took the certConf. */
  record Confirmed() implements CmpReply {}

  /**
   * The CA refused: an error message, or a response with status rejection.
   *
   * @param failInfo the PKIFailureInfo bits by name ("none" when absent)
   * @param text the CA's statusString, empty when none
   */
  record Rejected(String failInfo, String text) implements CmpReply {}

  /** Reads and checks the answer to {@code sent} at {@code now}. */
  static CmpReply read(byte[] der, CmpRequests.Sent sent, CmpTrust trust, Instant now)
      throws CmpException {
    CmpInbound in = CmpInbound.parse(der);
    CmpChecks.header(in);
    if (!Arrays.equals(in.transactionId(), sent.transactionId())) {
      throw new CmpException(
          CmpFailInfo.BAD_REQUEST,
          "answer is for transaction " + CmpMessages.hex(in.transactionId()) + ", not ours");
    }
    if (!Arrays.equals(in.recipNonce(), sent.senderNonce())) {
      throw new CmpException(
          CmpFailInfo.BAD_RECIPIENT_NONCE, "answer's recipNonce is not our senderNonce");
    }
    int type = in.bodyType();
    if (type == PKIBody.TYPE_ERROR) {
      // An error, protected or not, verifiable or not (a CA that could not check our MAC signs
      // it), can only end the transaction, which a lost answer would too: it is taken as said.
      return rejected(ErrorMsgContent.getInstance(in.body().getContent()).getPKIStatusInfo());
    }
    verify(in, trust, now);
    if (sent.bodyType() == PKIBody.TYPE_CERT_CONFIRM) {
      if (type != PKIBody.TYPE_CONFIRM) {
        throw unexpected(type, "pkiConf");
      }
      return new Confirmed();
    }
    if (sent.bodyType() == PKIBody.TYPE_POLL_REQ && type == PKIBody.TYPE_POLL_REP) {
      return pollRep(in);
    }
    if (type != sent.answerType()) {
      throw unexpected(type, CmpMessages.bodyName(sent.answerType()));
    }
    return issued(in);
  }

  private static void verify(CmpInbound in, CmpTrust trust, Instant now) throws CmpException {
    ProtectedPKIMessage m = in.protectedMessage();
    if (m.hasPasswordBasedMacProtection()) {
      if (trust.secret() == null) {
        throw new CmpException(
            CmpFailInfo.WRONG_INTEGRITY, "MAC-protected answer to a signed request");
      }
      CmpChecks.verifyMac(m, trust.secret());
      return;
    }
    X509Certificate signer = CmpChecks.firstExtraCert(m);
    trust.path(signer, certificates(m.getCertificates()), now);
    CmpChecks.verifySignature(m, signer.getPublicKey());
  }

  private static CmpReply issued(CmpInbound in) throws CmpException {
    CertificateRepMessage rep = CertificateRepMessage.fromPKIBody(in.body());
    CertificateResponse[] responses = rep.getResponses();
    if (responses.length != 1) {
      throw new CmpException(
          CmpFailInfo.BAD_DATA_FORMAT, responses.length + " responses to one request");
    }
    var r = responses[0].toASN1Structure();
    if (!r.getCertReqId().getValue().equals(CmpRequests.CERT_REQ_ID)) {
      throw new CmpException(CmpFailInfo.BAD_CERT_ID, "response for certReqId " + r.getCertReqId());
    }
    PKIStatusInfo status = r.getStatus();
    int s = status.getStatus().intValue();
    if (s == PKIStatus.REJECTION) {
      return rejected(status);
    }
    if (s == PKIStatus.WAITING) {
      return new Waiting(null, text(status.getStatusString()), in.senderNonce());
    }
    if (s != PKIStatus.GRANTED && s != PKIStatus.GRANTED_WITH_MODS) {
      throw new CmpException(CmpFailInfo.BAD_REQUEST, "status " + s + " is not served by fwsim");
    }
    if (r.getCertifiedKeyPair() == null
        || r.getCertifiedKeyPair().getCertOrEncCert().getCertificate() == null) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "granted without a certificate");
    }
    CMPCertificate c = r.getCertifiedKeyPair().getCertOrEncCert().getCertificate();
    if (!c.isX509v3PKCert()) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "the certificate is not X.509");
    }
    X509Certificate cert = CmpChecks.certificate(new X509CertificateHolder(c.getX509v3PKCert()));
    List<X509Certificate> caPubs = new ArrayList<>();
    // BouncyCastle's getX509Certificates() fails on an answer without caPubs: read them here.
    CMPCertificate[] pubs = rep.toASN1Structure().getCaPubs();
    for (CMPCertificate pub : pubs == null ? new CMPCertificate[0] : pubs) {
      if (pub.isX509v3PKCert()) {
        caPubs.add(CmpChecks.certificate(new X509CertificateHolder(pub.getX509v3PKCert())));
      }
    }
    return new Issued(
        cert,
        caPubs,
        certificates(in.protectedMessage().getCertificates()),
        in.senderNonce(),
        CmpChecks.asksImplicitConfirm(in));
  }

  /** pollRep: one entry, for our certReqId, with the seconds to wait. */
  private static Waiting pollRep(CmpInbound in) throws CmpException {
    PollRepContent rep;
    try {
      rep = PollRepContent.getInstance(in.body().getContent());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "pollRep cannot be read", e);
    }
    if (rep.size() != 1 || !rep.getCertReqId(0).getValue().equals(CmpRequests.CERT_REQ_ID)) {
      throw new CmpException(CmpFailInfo.BAD_CERT_ID, "pollRep is not for our certReqId");
    }
    long seconds = rep.getCheckAfter(0).getValue().longValue();
    if (seconds < 0) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "pollRep's checkAfter is negative");
    }
    return new Waiting(Duration.ofSeconds(seconds), text(rep.getReason(0)), in.senderNonce());
  }

  private static Rejected rejected(PKIStatusInfo status) {
    return new Rejected(CmpFailInfo.names(status.getFailInfo()), text(status.getStatusString()));
  }

  private static String text(PKIFreeText t) {
    StringBuilder text = new StringBuilder();
    if (t != null) {
      for (int i = 0; i < t.size(); i++) {
        text.append(i == 0 ? "" : "; ").append(t.getStringAtUTF8(i).getString());
      }
    }
    return text.toString();
  }

  private static CmpException unexpected(int type, String wanted) {
    return new CmpException(
        CmpFailInfo.BAD_DATA_FORMAT,
        "answer is " + CmpMessages.bodyName(type) + ", expected " + wanted);
  }

  private static List<X509Certificate> certificates(X509CertificateHolder[] holders)
      throws CmpException {
    List<X509Certificate> out = new ArrayList<>(holders.length);
    for (X509CertificateHolder h : holders) {
      out.add(CmpChecks.certificate(h));
    }
    return out;
  }
}
