package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.MessageType;

/**
 * The CA's issuance policy for a decoded, authenticated SCEP request: time window, challenge
 * passwords, renewal by RenewalReq or by PKCSReq signed with a valid issued certificate, manual
 * approval and polling, GetCert and GetCRL. It decides; it does not encode.
 */
final class ScepAuthority {

  /** What to answer. */
  sealed interface Decision {
    record Issue(X509CertificateHolder certificate) implements Decision {}

    record Crl(X509CRL crl) implements Decision {}

    record Pending() implements Decision {}

    record Reject(FailInfo failInfo, String reason) implements Decision {}
  }

  private final CaParts ca;
  private final Random random;

  /**
   * transactionID → serial of what it got, so a retried request or late poll gets it again. Only
   * answers still worth giving are kept: a certificate expired or revoked answers no replay (see
   * {@link #repeated}), so its entry goes at the next sweep and the map stays the size of the
   * certificates in force, not of every one ever issued.
   */
  private final ConcurrentHashMap<String, BigInteger> issuedByTransaction =
      new ConcurrentHashMap<>();

  /** The map's size at which the next sweep runs: twice what the last one left, at least this. */
  static final int SWEEP_FLOOR = 1024;

  private final AtomicInteger sweepAt = new AtomicInteger(SWEEP_FLOOR);

  ScepAuthority(CaParts ca, Random random) {
    this.ca = ca;
    this.random = random;
    // A depot's index remembers which transaction got which certificate, so a request replayed
    // after a restart is answered from it instead of minting another certificate.
    Instant now = ca.clock().instant();
    for (IssuedCertificate row : ca.index().all()) {
      if (row.transactionId() != null && row.currentlyValid(now)) {
        issuedByTransaction.put(row.transactionId(), row.serial());
      }
    }
  }

  Decision decide(InboundRequest req, CaFaults faults) {
    Instant now = ca.clock().instant();
    if (faults.badRequestFraction() > 0 && draw() < faults.badRequestFraction()) {
      return new Decision.Reject(FailInfo.BAD_REQUEST, "rejected by injected fault");
    }
    if (req.signingTime() != null) {
      Duration skew = Duration.between(req.signingTime().toInstant(), now).abs();
      if (skew.compareTo(ca.timeWindow()) > 0) {
        return new Decision.Reject(
            FailInfo.BAD_TIME,
            "signingTime "
                + req.signingTime().toInstant()
                + " is "
                + skew
                + " from CA time "
                + now);
      }
    }
    MessageType type = req.header().type();
    if (type == null) {
      return new Decision.Reject(FailInfo.BAD_REQUEST, "no messageType");
    }
    String txId = req.header().transactionId();
    if (!printable(txId)) {
      // RFC 8894 §3.2.1.1: a PrintableString; anything else would only reach logs and the depot.
      return new Decision.Reject(
          FailInfo.BAD_REQUEST,
          "transactionID must be 1 to " + MAX_TRANSACTION_ID + " printable ASCII characters");
    }
    return switch (type) {
      case PKCS_REQ, RENEWAL_REQ -> enrol(req, type, now, faults);
      case CERT_POLL -> poll(req.header().transactionId(), now);
      case GET_CERT -> getCert(req.issuerAndSerial());
      case GET_CRL -> new Decision.Crl(ca.issuer().crl(now));
      case CERT_REP -> new Decision.Reject(FailInfo.BAD_REQUEST, "CertRep is no request");
    };
  }

  private Decision enrol(InboundRequest req, MessageType type, Instant now, CaFaults faults) {
    PKCS10CertificationRequest csr = req.csr();
    String txId = req.header().transactionId();
    if (csr == null) {
      return new Decision.Reject(FailInfo.BAD_REQUEST, type + " without a PKCS#10 request");
    }
    if (csr.getSubject().getRDNs().length == 0) {
      return new Decision.Reject(FailInfo.BAD_REQUEST, "PKCS#10 subject is empty");
    }
    boolean renewal = renewingSigner(req, now);
    String stale = staleSigner(req, now);
    if (stale != null) {
      // As micromdm and EJBCA do: a certificate no longer valid vouches for nothing, not even
      // with the challenge beside it. A client whose certificate expired enrolls afresh, signing
      // with a self-signed certificate (RFC 8894 §2.3).
      return new Decision.Reject(FailInfo.BAD_REQUEST, stale);
    }
    if (type == MessageType.RENEWAL_REQ && !renewal) {
      return new Decision.Reject(
          FailInfo.BAD_REQUEST,
          "RenewalReq must be signed by a currently valid certificate this CA issued");
    }
    if (renewal) {
      X500Name signerSubject =
          X500Name.getInstance(req.header().signer().getSubjectX500Principal().getEncoded());
      if (!signerSubject.equals(csr.getSubject())) {
        // The signer vouches for itself only: a new subject needs the challenge of a first request.
        return new Decision.Reject(
            FailInfo.BAD_REQUEST,
            "a renewal keeps the subject of the certificate it renews: "
                + signerSubject
                + ", not "
                + csr.getSubject());
      }
    }
    // A retry of a request already answered: the same answer, no second certificate. A renewal
    // that keeps its key has its first certificate's transactionID; it is new while that
    // transactionID still points at the signer itself.
    Optional<Decision> repeat = repeated(txId, csr, now, renewal ? req.header().signer() : null);
    if (repeat.isPresent()) {
      return repeat.get();
    }
    if (!renewal && !ca.challenges().accept(req.challengePassword())) {
      return new Decision.Reject(
          FailInfo.BAD_REQUEST,
          req.challengePassword() == null
              ? "challengePassword missing"
              : "challengePassword wrong or already used");
    }
    boolean hold =
        ca.approvals().manual()
            || (faults.pendingFraction() > 0 && draw() < faults.pendingFraction());
    if (hold) {
      ca.approvals().hold(txId, csr, now);
      return new Decision.Pending();
    }
    return issueFor(txId, csr, now);
  }

  private Decision poll(String txId, Instant now) {
    Optional<ApprovalQueue.Entry> held = ca.approvals().find(txId);
    if (held.isEmpty()) {
      BigInteger serial = issuedByTransaction.get(txId);
      if (serial != null) {
        return new Decision.Issue(ca.index().find(serial).orElseThrow().holder());
      }
      return new Decision.Reject(FailInfo.BAD_CERT_ID, "no request with transactionID " + txId);
    }
    ApprovalQueue.Entry e = held.get();
    ca.approvals().polled(e);
    return answerHeld(e, now);
  }

  private Optional<Decision> repeated(
      String txId, PKCS10CertificationRequest csr, Instant now, X509Certificate renewedSigner) {
    Optional<ApprovalQueue.Entry> held = ca.approvals().find(txId);
    if (held.isPresent()) {
      return Optional.of(answerHeld(held.get(), now));
    }
    BigInteger serial = issuedByTransaction.get(txId);
    if (serial == null
        || (renewedSigner != null && serial.equals(renewedSigner.getSerialNumber()))) {
      return Optional.empty();
    }
    IssuedCertificate row = ca.index().find(serial).orElseThrow();
    boolean sameRequest =
        row.currentlyValid(now)
            && java.util.Arrays.equals(
                row.certificate().getPublicKey().getEncoded(),
                encoded(csr.getSubjectPublicKeyInfo()))
            && X500Name.getInstance(row.certificate().getSubjectX500Principal().getEncoded())
                .equals(csr.getSubject());
    return sameRequest ? Optional.of(new Decision.Issue(row.holder())) : Optional.empty();
  }

  private static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
    try {
      return o.getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
    }
  }

  private Decision answerHeld(ApprovalQueue.Entry e, Instant now) {
    switch (e.state.get()) {
      case APPROVED:
        if (e.state.compareAndSet(ApprovalQueue.State.APPROVED, ApprovalQueue.State.ISSUED)) {
          Decision d = issueFor(e.transactionId, e.csr, now);
          ca.approvals().forget(e.transactionId);
          return d;
        }
        return new Decision.Pending(); // another worker is issuing it right now
      case ISSUED:
        BigInteger serial = issuedByTransaction.get(e.transactionId);
        return serial == null
            ? new Decision.Pending()
            : new Decision.Issue(ca.index().find(serial).orElseThrow().holder());
      default:
        return new Decision.Pending();
    }
  }

  private Decision issueFor(String txId, PKCS10CertificationRequest csr, Instant now) {
    X509CertificateHolder cert = ca.issuer().issued(csr, txId, now);
    issuedByTransaction.put(txId, cert.getSerialNumber());
    forgetSpentAnswers(now);
    return new Decision.Issue(cert);
  }

  /** Drops the replay answers whose certificate is no longer in force, once the map doubled. */
  private void forgetSpentAnswers(Instant now) {
    int at = sweepAt.get();
    if (issuedByTransaction.size() < at || !sweepAt.compareAndSet(at, Integer.MAX_VALUE)) {
      return;
    }
    issuedByTransaction
        .values()
        .removeIf(serial -> ca.index().find(serial).map(r -> !r.currentlyValid(now)).orElse(true));
    sweepAt.set(Math.max(SWEEP_FLOOR, 2 * issuedByTransaction.size()));
  }

  private Decision getCert(IssuerAndSerialNumber ias) {
    if (ias == null) {
      return new Decision.Reject(FailInfo.BAD_REQUEST, "GetCert without IssuerAndSerialNumber");
    }
    X500Name name = X500Name.getInstance(ias.getName());
    Optional<IssuedCertificate> row = ca.index().find(ias.getSerialNumber().getValue());
    if (!name.equals(ca.issuer().issuerName()) || row.isEmpty()) {
      return new Decision.Reject(
          FailInfo.BAD_CERT_ID,
          "no certificate " + ias.getSerialNumber().getValue().toString(16) + " from " + name);
    }
    return new Decision.Issue(row.get().holder());
  }

  /**
   * A request counts as a renewal when its signer is a certificate this CA issued, unrevoked and
   * valid now; the codec already checked the signature with that certificate's key.
   */
  /** Why the signer, a certificate this CA issued, may not sign now (expired, revoked), or null. */
  private String staleSigner(InboundRequest req, Instant now) {
    X509Certificate signer = req.header().signer();
    if (signer == null || req.signerIsSelfSigned()) {
      return null;
    }
    return ca.index()
        .findIssued(signer)
        .filter(r -> !r.currentlyValid(now))
        .map(
            r ->
                "signer certificate serial "
                    + r.serial().toString(16)
                    + (now.isAfter(r.notAfter()) ? " expired at " + r.notAfter() : " is not valid"))
        .orElse(null);
  }

  private boolean renewingSigner(InboundRequest req, Instant now) {
    X509Certificate signer = req.header().signer();
    if (signer == null || req.signerIsSelfSigned()) {
      return false;
    }
    return ca.index().findIssued(signer).map(r -> r.currentlyValid(now)).orElse(false);
  }

  /** Longer than any client's (a SHA-512 in hex is 128), short enough for one log line. */
  static final int MAX_TRANSACTION_ID = 256;

  static boolean printable(String transactionId) {
    if (transactionId == null
        || transactionId.isEmpty()
        || transactionId.length() > MAX_TRANSACTION_ID) {
      return false;
    }
    for (int i = 0; i < transactionId.length(); i++) {
      char c = transactionId.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private double draw() {
    return random.nextDouble();
  }

  List<X509CertificateHolder> replyCertificates(X509CertificateHolder issued) {
    return List.of(issued);
  }
}
