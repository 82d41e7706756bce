package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.PollRepContent;
import org.bouncycastle.asn1.cmp.PollReqContent;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CertificateConfirmationContent;
import org.bouncycastle.cert.cmp.CertificateStatus;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CertificateRepMessageBuilder;
import org.bouncycastle.cert.crmf.CertificateReqMessages;
import org.bouncycastle.cert.crmf.CertificateRequestMessage;
import org.bouncycastle.cert.crmf.CertificateResponseBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.fwsim.firmware.cmp.CmpChecks;
import org.fwsim.firmware.cmp.CmpException;
import org.fwsim.firmware.cmp.CmpFailInfo;
import org.fwsim.firmware.cmp.CmpInbound;
import org.fwsim.firmware.cmp.CmpMessages;
import org.fwsim.firmware.cmp.CmpProtection;

/**
 * The CA's CMP side (RFC 4210, RFC 9480; transport RFC 6712) without IO: answers one PKIMessage
 * with another. An IR is authenticated by a MAC over the shared secret (the CA's challenge
 * password; the reference names the user and is kept in the log), a CR or KUR by a signature of a
 * currently valid certificate this CA issued. Issued certificates wait for certConf (or are granted
 * implicitConfirm when asked). Malformed, wrongly protected, replayed or refused messages get an
 * error message with their PKIFailureInfo, MAC-protected when the request's MAC verified, otherwise
 * signed by the CA. Never throws.
 */
final class CmpResponder {

  /** Remembered nonces and transactions beyond this many are swept of the stale ones. */
  static final int SWEEP_AT = 4096;

  /** An issued certificate awaiting certConf in one transaction. */
  private record Pending(
      X509Certificate certificate, BigInteger certReqId, byte[] ourNonce, Instant at) {}

  /** Who the request proved to be, and how the answer is protected. */
  private record Authenticated(CmpProtection reply, X509Certificate signer) {}

  /**
   * A checked request, to be granted now or once approved.
   *
   * @param type ir, cr or kur
   * @param signer the certificate that signed it, null for a MAC
   * @param implicitConfirm whether it asked for implicit confirmation
   */
  private record Accepted(
      int type,
      X500Name subject,
      SubjectPublicKeyInfo key,
      ASN1Encodable san,
      BigInteger certReqId,
      X509Certificate signer,
      boolean implicitConfirm) {}

  /** When a client holding a {@code waiting} answer should poll again (pollRep's checkAfter). */
  static final Duration CHECK_AFTER = Duration.ofSeconds(30);

  private final CaMaterial material;
  private final CertificateIndex index;
  private final CertificateIssuer issuer;
  private final ChallengePasswords challenges;
  private final ApprovalQueue approvals;
  private final InstantSource clock;
  private final Duration timeWindow;
  private final CmpProtection.Signature caSignature;
  private final GeneralName caName;
  private final X509CertificateHolder root;

  private final ConcurrentHashMap<String, Instant> seenNonces = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> transactions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Pending> awaitingConfirm = new ConcurrentHashMap<>();

  /**
   * Whether the next request is held as the CA's {@code pending} fault share says (the storm's
   * {@code --pending-ratio}), as SCEP's PENDING is: answered {@code waiting}, approved by the
   * approval queue's poll budget or an operator.
   */
  private final BooleanSupplier heldByFault;

  /** Requests the approval queue holds, by transaction: answered {@code waiting} until approved. */
  private final ConcurrentHashMap<String, Accepted> held = new ConcurrentHashMap<>();

  CmpResponder(
      CaMaterial material,
      CertificateIndex index,
      CertificateIssuer issuer,
      ChallengePasswords challenges,
      ApprovalQueue approvals,
      BooleanSupplier heldByFault,
      InstantSource clock,
      Duration timeWindow) {
    this.heldByFault = heldByFault;
    this.material = material;
    this.index = index;
    this.issuer = issuer;
    this.challenges = challenges;
    this.approvals = approvals;
    this.clock = clock;
    this.timeWindow = timeWindow;
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(material.issuerCert());
    if (!material.issuerCert().equals(material.rootCert())) {
      chain.add(material.rootCert());
    }
    this.caSignature = new CmpProtection.Signature(material.issuerKey(), chain);
    this.caName = new GeneralName(issuer.issuerName());
    this.root = holder(material.rootCert());
  }

  /** The answer to one request body; HTTP 200 whatever it says (RFC 6712 §3.3). */
  PkiAnswer answer(byte[] der) {
    if (Asn1Depth.exceeds(der, Asn1Depth.MAX_DEPTH)) {
      return error(
          null,
          caSignature,
          new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "ASN.1 nested too deeply"));
    }
    CmpInbound in;
    try {
      in = CmpInbound.parse(der);
    } catch (CmpException e) {
      return error(null, caSignature, e);
    } catch (StackOverflowError e) {
      return error(
          null,
          caSignature,
          new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "ASN.1 nested too deeply"));
    }
    CmpProtection reply = caSignature;
    Instant now = clock.instant();
    try {
      CmpChecks.header(in);
      checkTime(in, now);
      rememberNonce(in, now);
      Authenticated who = authenticate(in, now);
      reply = who.reply();
      return switch (in.bodyType()) {
        case PKIBody.TYPE_INIT_REQ, PKIBody.TYPE_CERT_REQ, PKIBody.TYPE_KEY_UPDATE_REQ ->
            certify(in, who, now);
        case PKIBody.TYPE_CERT_CONFIRM -> confirm(in, who, now);
        case PKIBody.TYPE_POLL_REQ -> poll(in, who, now);
        default ->
            throw new CmpException(
                CmpFailInfo.BAD_REQUEST,
                CmpMessages.bodyName(in.bodyType())
                    + " is not served here (ir, cr, kur, certConf, pollReq)");
      };
    } catch (CmpException e) {
      return error(in, reply, e);
    } catch (RuntimeException e) {
      return error(in, reply, new CmpException(CmpFailInfo.SYSTEM_FAILURE, "CA error: " + e));
    }
  }

  private void checkTime(CmpInbound in, Instant now) throws CmpException {
    ASN1GeneralizedTime t = in.header().getMessageTime();
    if (t == null) {
      return;
    }
    Instant sent;
    try {
      sent = t.getDate().toInstant();
    } catch (java.text.ParseException e) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "messageTime cannot be read");
    }
    Duration skew = Duration.between(sent, now).abs();
    if (skew.compareTo(timeWindow) > 0) {
      throw new CmpException(
          CmpFailInfo.BAD_TIME, "messageTime " + sent + " is " + skew + " from CA time " + now);
    }
  }

  /** A senderNonce seen before is a replay, whatever the message around it. */
  private void rememberNonce(CmpInbound in, Instant now) throws CmpException {
    sweep(seenNonces, now);
    if (seenNonces.putIfAbsent(CmpMessages.hex(in.senderNonce()), now) != null) {
      throw new CmpException(
          CmpFailInfo.BAD_SENDER_NONCE,
          "senderNonce " + CmpMessages.hex(in.senderNonce()) + " was already used (replay)");
    }
  }

  private Authenticated authenticate(CmpInbound in, Instant now) throws CmpException {
    ProtectedPKIMessage m = in.protectedMessage();
    if (m.hasPasswordBasedMacProtection()) {
      String secret = challenges.staticPassword();
      if (secret == null) {
        throw new CmpException(
            CmpFailInfo.NOT_AUTHORIZED,
            "this CA has no shared secret for MAC protection (start it with a challenge)");
      }
      CmpChecks.verifyMac(m, secret.toCharArray());
      String ref = in.reference() == null ? "" : in.reference();
      return new Authenticated(new CmpProtection.Mac(ref, secret.toCharArray()), null);
    }
    X509Certificate signer = CmpChecks.firstExtraCert(m);
    var row = index.findIssued(signer);
    if (row.isEmpty() || !row.get().currentlyValid(now)) {
      throw new CmpException(
          CmpFailInfo.SIGNER_NOT_TRUSTED,
          row.isEmpty()
              ? "the protection certificate " + signer.getSubjectX500Principal() + " is not ours"
              : "the protection certificate serial "
                  + row.get().serial().toString(16)
                  + " is revoked or expired");
    }
    CmpChecks.verifySignature(m, signer.getPublicKey());
    return new Authenticated(caSignature, signer);
  }

  private PkiAnswer certify(CmpInbound in, Authenticated who, Instant now) throws CmpException {
    int type = in.bodyType();
    if (type == PKIBody.TYPE_KEY_UPDATE_REQ && who.signer() == null) {
      throw new CmpException(
          CmpFailInfo.WRONG_INTEGRITY,
          "kur must be signed with the certificate it updates, not MAC-protected");
    }
    String tx = CmpMessages.hex(in.transactionId());
    sweep(transactions, now);
    if (transactions.putIfAbsent(tx, now) != null) {
      throw new CmpException(
          CmpFailInfo.TRANSACTION_ID_IN_USE, "transactionID " + tx + " is already in use");
    }
    CertificateRequestMessage[] reqs = CertificateReqMessages.fromPKIBody(in.body()).getRequests();
    if (reqs.length != 1) {
      throw new CmpException(
          CmpFailInfo.BAD_REQUEST, "one certificate request per message, not " + reqs.length);
    }
    CertificateRequestMessage req = reqs[0];
    CertTemplate t = req.getCertTemplate();
    X500Name subject = subject(type, t, who.signer());
    char[] secret = who.reply() instanceof CmpProtection.Mac mac ? mac.secret() : null;
    CmpChecks.signaturePop(req, secret);
    if (who.signer() != null && type == PKIBody.TYPE_KEY_UPDATE_REQ) {
      CmpChecks.keyUpdate(req, who.signer());
    }
    ASN1Encodable san = null;
    if (t.getExtensions() != null) {
      Extension e = t.getExtensions().getExtension(Extension.subjectAlternativeName);
      san = e == null ? null : e.getParsedValue();
    }
    Accepted a =
        new Accepted(
            type,
            subject,
            t.getPublicKey(),
            san,
            req.getCertReqId().getValue(),
            who.signer(),
            CmpChecks.asksImplicitConfirm(in));
    if (approvals.manual() || heldByFault.getAsBoolean()) {
      approvals.hold(tx, subject.toString(), now);
      held.put(tx, a);
      PKIBody body =
          new PKIBody(
              type + 1,
              new CertificateRepMessageBuilder()
                  .addCertificateResponse(
                      new CertificateResponseBuilder(
                              req.getCertReqId(), new PKIStatusInfo(PKIStatus.waiting))
                          .build())
                  .build()
                  .toASN1Structure());
      return reply(in, who.reply(), CmpMessages.nonce(), body, List.of(), "WAITING", null);
    }
    return grant(in, who.reply(), tx, a, now);
  }

  /**
   * pollReq for a request the approval queue holds (RFC 4210 §5.3.22): pollRep with {@link
   * #CHECK_AFTER} while it waits, the certificate once approved. It must come as the request came:
   * under the same MAC secret, or signed by the same certificate.
   */
  private PkiAnswer poll(CmpInbound in, Authenticated who, Instant now) throws CmpException {
    String tx = CmpMessages.hex(in.transactionId());
    Accepted a = held.get(tx);
    var entry = approvals.find(tx);
    if (a == null || entry.isEmpty()) {
      throw new CmpException(CmpFailInfo.BAD_REQUEST, "no request waits in transaction " + tx);
    }
    if (a.signer() == null ? who.signer() != null : !a.signer().equals(who.signer())) {
      throw new CmpException(
          CmpFailInfo.WRONG_INTEGRITY, "pollReq is not protected as its request was");
    }
    for (BigInteger id : PollReqContent.getInstance(in.body().getContent()).getCertReqIdValues()) {
      if (!id.equals(a.certReqId())) {
        throw new CmpException(CmpFailInfo.BAD_CERT_ID, "pollReq names certReqId " + id);
      }
    }
    ApprovalQueue.Entry e = entry.get();
    approvals.polled(e);
    if (e.state.compareAndSet(ApprovalQueue.State.APPROVED, ApprovalQueue.State.ISSUED)) {
      held.remove(tx);
      approvals.forget(tx);
      return grant(in, who.reply(), tx, a, now);
    }
    PKIBody body =
        new PKIBody(
            PKIBody.TYPE_POLL_REP,
            new PollRepContent(
                new ASN1Integer(a.certReqId()),
                new ASN1Integer(CHECK_AFTER.toSeconds()),
                new PKIFreeText("waiting for approval")));
    return reply(in, who.reply(), CmpMessages.nonce(), body, List.of(), "WAITING", null);
  }

  /** Issues the certificate of {@code a}: ip (with the root as caPubs), cp or kup. */
  private PkiAnswer grant(
      CmpInbound in, CmpProtection protection, String tx, Accepted a, Instant now)
      throws CmpException {
    X509Certificate cert = issuer.issue(a.subject(), a.key(), a.san(), tx, now);
    X509CertificateHolder issued = holder(cert);
    CertificateRepMessageBuilder rep =
        a.type() == PKIBody.TYPE_INIT_REQ
            ? new CertificateRepMessageBuilder(root)
            : new CertificateRepMessageBuilder();
    rep.addCertificateResponse(
        new CertificateResponseBuilder(
                new ASN1Integer(a.certReqId()), new PKIStatusInfo(PKIStatus.granted))
            .withCertificate(issued)
            .build());
    byte[] ourNonce = CmpMessages.nonce();
    if (!a.implicitConfirm()) {
      awaitingConfirm.put(tx, new Pending(cert, a.certReqId(), ourNonce, now));
    }
    PKIBody body = new PKIBody(a.type() + 1, rep.build().toASN1Structure());
    List<InfoTypeAndValue> info =
        a.implicitConfirm()
            ? List.of(
                new InfoTypeAndValue(CMPObjectIdentifiers.it_implicitConfirm, DERNull.INSTANCE))
            : List.of();
    String result = "GRANTED serial " + cert.getSerialNumber().toString(16);
    return reply(in, protection, ourNonce, body, info, result, null);
  }

  private static X500Name subject(int type, CertTemplate t, X509Certificate signer)
      throws CmpException {
    if (t.getPublicKey() == null) {
      throw new CmpException(CmpFailInfo.BAD_CERT_TEMPLATE, "the template has no public key");
    }
    X500Name subject = t.getSubject();
    if (type == PKIBody.TYPE_KEY_UPDATE_REQ) {
      X500Name current = X500Name.getInstance(signer.getSubjectX500Principal().getEncoded());
      if (subject == null || subject.getRDNs().length == 0) {
        return current;
      }
      if (!subject.equals(current)) {
        throw new CmpException(
            CmpFailInfo.BAD_CERT_TEMPLATE,
            "a key update keeps the subject " + current + ", not " + subject);
      }
    }
    if (subject == null || subject.getRDNs().length == 0) {
      throw new CmpException(CmpFailInfo.BAD_CERT_TEMPLATE, "the template has no subject");
    }
    return subject;
  }

  private PkiAnswer confirm(CmpInbound in, Authenticated who, Instant now) throws CmpException {
    String tx = CmpMessages.hex(in.transactionId());
    Pending p = awaitingConfirm.remove(tx);
    if (p == null) {
      throw new CmpException(
          CmpFailInfo.BAD_REQUEST, "no certificate awaits confirmation in transaction " + tx);
    }
    if (!Arrays.equals(p.ourNonce(), in.recipNonce())) {
      awaitingConfirm.put(tx, p); // a stray certConf does not end the real one
      throw new CmpException(
          CmpFailInfo.BAD_RECIPIENT_NONCE, "recipNonce is not the nonce of our answer");
    }
    CertificateStatus status = null;
    for (CertificateStatus s :
        CertificateConfirmationContent.fromPKIBody(
                in.body(), new DefaultDigestAlgorithmIdentifierFinder())
            .getStatusMessages()) {
      if (s.getCertRequestID().equals(p.certReqId())) {
        status = s;
      }
    }
    if (status == null) {
      throw new CmpException(
          CmpFailInfo.BAD_REQUEST, "certConf names no certReqId " + p.certReqId());
    }
    PKIStatusInfo si = status.getStatusInfo();
    String result = "CONFIRMED serial " + p.certificate().getSerialNumber().toString(16);
    if (si != null && si.getStatus().intValue() == PKIStatus.REJECTION) {
      // RFC 4210 §5.3.18: a certificate the requester refuses is revoked.
      index.revoke(p.certificate().getSerialNumber(), now);
      result = "REFUSED serial " + p.certificate().getSerialNumber().toString(16) + ", revoked";
    } else if (!CmpChecks.hashMatches(status, holder(p.certificate()))) {
      index.revoke(p.certificate().getSerialNumber(), now);
      throw new CmpException(
          CmpFailInfo.BAD_CERT_ID, "certHash does not match the certificate issued");
    }
    return reply(
        in,
        who.reply(),
        CmpMessages.nonce(),
        new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE),
        List.of(),
        result,
        null);
  }

  private PkiAnswer reply(
      CmpInbound in,
      CmpProtection p,
      byte[] ourNonce,
      PKIBody body,
      List<InfoTypeAndValue> info,
      String result,
      String detail)
      throws CmpException {
    CmpMessages.Header h =
        new CmpMessages.Header(
            in.pvno(),
            caName,
            in.header().getSender(),
            in.transactionId(),
            ourNonce,
            in.senderNonce(),
            Date.from(clock.instant()),
            info);
    return new PkiAnswer(
        200,
        CmpMessages.encode(h, body, p),
        CmpMessages.CONTENT_TYPE,
        CmpMessages.bodyName(in.bodyType()),
        CmpMessages.hex(in.transactionId()),
        result,
        detail);
  }

  /** An error message; when even that cannot be encoded, HTTP 500 with the reason. */
  private PkiAnswer error(CmpInbound in, CmpProtection p, CmpException e) {
    String type = in == null ? "unknown" : CmpMessages.bodyName(in.bodyType());
    String tx = in == null ? null : CmpMessages.hex(in.transactionId());
    String result = "ERROR " + e.failInfo().rfcName();
    try {
      boolean answerable = in != null && in.transactionId() != null && in.senderNonce() != null;
      CmpMessages.Header h =
          new CmpMessages.Header(
              answerable ? in.pvno() : PKIHeader.CMP_2000,
              caName,
              answerable ? in.header().getSender() : new GeneralName(new X500Name("")),
              answerable ? in.transactionId() : CmpMessages.nonce(),
              CmpMessages.nonce(),
              answerable ? in.senderNonce() : null,
              Date.from(clock.instant()),
              List.of());
      byte[] body = CmpMessages.encode(h, CmpMessages.error(e.failInfo(), e.getMessage()), p);
      return new PkiAnswer(200, body, CmpMessages.CONTENT_TYPE, type, tx, result, e.getMessage());
    } catch (CmpException | RuntimeException encoding) {
      return PkiAnswer.httpError(500, "cannot answer: " + e.getMessage(), type, tx);
    }
  }

  private void sweep(ConcurrentHashMap<String, Instant> seen, Instant now) {
    if (seen.size() < SWEEP_AT) {
      return;
    }
    // Older than the time window: such a message would be refused as badTime anyway.
    Instant cut = now.minus(timeWindow.multipliedBy(2));
    seen.values().removeIf(at -> at.isBefore(cut));
    awaitingConfirm.values().removeIf(p -> p.at().isBefore(cut));
  }

  /** How many issued certificates still wait for certConf (tests). */
  int awaitingConfirmation() {
    return awaitingConfirm.size();
  }

  private static X509CertificateHolder holder(X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (CertificateEncodingException | java.io.IOException e) {
      throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
    }
  }
}
