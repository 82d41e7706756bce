package org.fwsim.testbench.ca;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.PkiReplies;
import org.fwsim.firmware.scep.message.RequestHeader;
import org.fwsim.firmware.scep.message.ScepException;

/**
 * Runs one PKIOperation on a worker: decode with the firmware's SCEP codec, let the {@link
 * ScepAuthority} decide, encode the CertRep. A message too broken to name its transaction gets HTTP
 * 400; anything readable gets a signed FAILURE with the failInfo the codec or the policy chose.
 */
final class ScepResponder implements PkiOperations {

  private final PkiReplies codec;
  private final ScepAuthority authority;
  private final LegacyDesDecoder legacyDes;

  ScepResponder(CaMaterial m, ScepAuthority authority, InstantSource clock, boolean acceptDes) {
    this.legacyDes = acceptDes ? new LegacyDesDecoder(m.recipientCert(), m.recipientKey()) : null;
    this.codec =
        new PkiReplies(
            m.recipientCert(),
            m.recipientKey(),
            m.signerCert(),
            m.signerKey(),
            extraCerts(m),
            clock,
            new SecureRandom());
    this.authority = authority;
  }

  /** The chain beside the signer in every CertRep, so clients can verify up to the root. */
  private static List<X509Certificate> extraCerts(CaMaterial m) {
    if (!m.hasChain()) {
      return List.of();
    }
    return m.caChain().stream().filter(c -> !c.equals(m.signerCert())).toList();
  }

  @Override
  public PkiAnswer answer(byte[] pkiMessage, CaFaults faults) {
    if (Asn1Depth.exceeds(pkiMessage, Asn1Depth.MAX_DEPTH)) {
      return PkiAnswer.httpError(
          400,
          "not a pkiMessage: ASN.1 nested deeper than " + Asn1Depth.MAX_DEPTH + " levels",
          "unknown",
          null);
    }
    InboundRequest req;
    try {
      req = codec.decode(pkiMessage);
    } catch (ScepException e) {
      InboundRequest legacy =
          legacyDes != null && e.header().isPresent() && LegacyDesDecoder.isDesRefusal(e.failInfo())
              ? legacyDes.open(pkiMessage, e.header().get())
              : null;
      if (legacy == null) {
        return undecodable(e);
      }
      req = legacy;
    } catch (RuntimeException e) {
      return PkiAnswer.httpError(400, "not a pkiMessage: " + e, "unknown", null);
    } catch (StackOverflowError e) {
      // BouncyCastle's ASN.1 reader recurses per nesting level; a real pkiMessage nests about 15
      // deep, a crafted one thousands. The error unwinds this worker's stack and nothing else.
      return PkiAnswer.httpError(400, "not a pkiMessage: ASN.1 nested too deeply", "unknown", null);
    }
    RequestHeader h = req.header();
    String type = label(h);
    try {
      ScepAuthority.Decision d = authority.decide(req, faults);
      if (d instanceof ScepAuthority.Decision.Issue i) {
        return PkiAnswer.certRep(
            codec.successHolding(req, authority.replyCertificates(i.certificate())),
            type,
            h.transactionId(),
            "SUCCESS");
      }
      if (d instanceof ScepAuthority.Decision.Crl c) {
        return PkiAnswer.certRep(
            codec.successCrl(req, c.crl()), type, h.transactionId(), "SUCCESS");
      }
      if (d instanceof ScepAuthority.Decision.Pending) {
        return PkiAnswer.certRep(codec.pending(req), type, h.transactionId(), "PENDING");
      }
      ScepAuthority.Decision.Reject r = (ScepAuthority.Decision.Reject) d;
      return failure(h, r.failInfo(), r.reason());
    } catch (ScepException | RuntimeException e) {
      // Our own encoding failed: the client still deserves a signed answer.
      return failure(h, FailInfo.BAD_REQUEST, "CA error: " + e.getMessage());
    }
  }

  private PkiAnswer undecodable(ScepException e) {
    if (e.header().isEmpty()) {
      return PkiAnswer.httpError(400, "not a pkiMessage: " + e.getMessage(), "unknown", null);
    }
    RequestHeader h = e.header().get();
    FailInfo f = e.failInfo() != null ? e.failInfo() : FailInfo.BAD_REQUEST;
    return failure(h, f, e.getMessage());
  }

  private PkiAnswer failure(RequestHeader h, FailInfo f, String text) {
    try {
      return PkiAnswer.failure(
          codec.failure(h, f, text), label(h), h.transactionId(), "FAILURE " + f.rfcName(), text);
    } catch (ScepException | RuntimeException e) {
      return PkiAnswer.httpError(400, "cannot answer: " + text, label(h), h.transactionId());
    }
  }

  /** The metric/log name of the request's type, from a bounded set. */
  static String label(RequestHeader h) {
    if (h == null || h.type() == null) {
      return "unknown";
    }
    return switch (h.type()) {
      case PKCS_REQ -> "PKCSReq";
      case RENEWAL_REQ -> "RenewalReq";
      case CERT_POLL -> "CertPoll";
      case GET_CERT -> "GetCert";
      case GET_CRL -> "GetCRL";
      case CERT_REP -> "CertRep";
    };
  }
}
