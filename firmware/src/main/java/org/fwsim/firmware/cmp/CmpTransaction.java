package org.fwsim.firmware.cmp;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.fwsim.firmware.egress.Egress;

/**
 * One CMP transaction of the appliance (RFC 4210 §5.3, RFC 9483 §4.1): IR, KUR or CR, the CA's
 * answer checked (polled for with pollReq while the CA says {@code waiting}, RFC 9483 §4.4), then
 * certConf and pkiConf unless the CA granted implicit confirmation. Runs on the appliance's
 * mailbox: every answer is handled there, one step at a time. It installs nothing: the {@link
 * CmpResult} says what the caller may install.
 */
final class CmpTransaction {

  /** When to poll a CA that answered {@code waiting} without saying when. */
  static final Duration FIRST_POLL = Duration.ofSeconds(30);

  /** A checkAfter is kept within these, so a CA can neither spin the client nor park it. */
  static final Duration MIN_POLL = Duration.ofSeconds(1);

  static final Duration MAX_POLL = Duration.ofHours(1);

  /** Polls before the client gives up on a CA that keeps the request waiting. */
  static final int MAX_POLLS = 100;

  private final CmpContext ctx;
  private final CmpEnrollment enrollment;
  private final Egress egress;
  private final KeyPair key;
  private final CmpTrust trust;
  private final CompletableFuture<CmpResult> done = new CompletableFuture<>();
  private CmpRequests.Sent request;

  /** The message whose answer is awaited: the request, or its latest pollReq. */
  private CmpRequests.Sent asked;

  private int polls;
  private String tx;

  CmpTransaction(CmpContext ctx, CmpEnrollment enrollment, Egress egress, KeyPair key) {
    this.ctx = ctx;
    this.enrollment = enrollment;
    this.trust =
        new CmpTrust(
            enrollment.mac() == null ? null : enrollment.mac().secret(), enrollment.anchors());
    this.egress = egress;
    this.key = key;
  }

  /** Sends the request; the future completes on the mailbox and never exceptionally. */
  CompletableFuture<CmpResult> start() {
    try {
      request =
          switch (enrollment.kind()) {
            case IR ->
                ctx.requests()
                    .ir(enrollment.subject(), key, enrollment.irProtection(), CmpRequests.nullDn());
            case KUR, CR ->
                ctx.requests()
                    .update(
                        enrollment.kind() == CmpEnrollment.Kind.KUR,
                        key,
                        enrollment.current().certificate(),
                        enrollment.current().privateKey(),
                        CmpRequests.nullDn());
          };
    } catch (CmpException e) {
      fail(CmpResult.Kind.CONFIGURATION, null, "cannot build the request: " + e.getMessage());
      return done;
    }
    asked = request;
    tx = CmpMessages.hex(request.transactionId());
    ctx.trace().start(enrollment, tx);
    ctx.trace().egress(egress.toString());
    send(request, this::onCertificateAnswer);
    return done;
  }

  private void send(CmpRequests.Sent sent, Consumer<byte[]> next) {
    ctx.trace().send(CmpMessages.bodyName(sent.bodyType()), sent.der().length);
    ctx.transport()
        .post(enrollment.server(), egress, sent.der(), ctx.timeout())
        .whenCompleteAsync(
            (der, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                fail(kindOf(cause), null, enrollment.server() + ": " + cause.getMessage());
                return;
              }
              try {
                next.accept(der);
              } catch (RuntimeException e) {
                fail(CmpResult.Kind.BAD_REPLY, null, "cannot handle the answer: " + e);
              }
            },
            ctx.mailbox());
  }

  private static CmpResult.Kind kindOf(Throwable cause) {
    if (!(cause instanceof CmpTransportException t)) {
      return CmpResult.Kind.TRANSPORT;
    }
    return switch (t.reason()) {
      case TIMEOUT -> CmpResult.Kind.TIMEOUT;
      case HTTP_STATUS, NOT_PKIX_CMP -> CmpResult.Kind.HTTP_STATUS;
      case CONNECT_FAILED, CLOSED -> CmpResult.Kind.TRANSPORT;
    };
  }

  private CmpReply read(byte[] der, CmpRequests.Sent sent) {
    try {
      CmpReply r = CmpReply.read(der, sent, trust, ctx.clock().instant());
      String name;
      if (r instanceof CmpReply.Issued
          || (r instanceof CmpReply.Waiting w && w.checkAfter() == null)) {
        name = CmpMessages.bodyName(sent.answerType());
      } else if (r instanceof CmpReply.Waiting) {
        name = CmpMessages.bodyName(PKIBody.TYPE_POLL_REP);
      } else if (r instanceof CmpReply.Confirmed) {
        name = CmpMessages.bodyName(PKIBody.TYPE_CONFIRM);
      } else {
        name = "rejection";
      }
      ctx.trace().received(name, der.length);
      if (r instanceof CmpReply.Rejected j) {
        ctx.trace().rejected(j.failInfo(), j.text());
        fail(
            CmpResult.Kind.REJECTED,
            j.failInfo(),
            "CA refused the "
                + CmpMessages.bodyName(sent.bodyType())
                + ": failInfo "
                + j.failInfo()
                + (j.text().isEmpty() ? "" : " (" + j.text() + ")"));
        return null;
      }
      return r;
    } catch (CmpException e) {
      fail(
          e.failInfo() == CmpFailInfo.SIGNER_NOT_TRUSTED
              ? CmpResult.Kind.UNTRUSTED
              : CmpResult.Kind.BAD_REPLY,
          e.failInfo().rfcName(),
          "bad answer to the " + CmpMessages.bodyName(sent.bodyType()) + ": " + e.getMessage());
      return null;
    }
  }

  private void onCertificateAnswer(byte[] der) {
    CmpReply r = read(der, asked);
    if (r instanceof CmpReply.Waiting w) {
      waitAndPoll(w);
      return;
    }
    if (!(r instanceof CmpReply.Issued issued)) {
      return;
    }
    X509Certificate cert = issued.certificate();
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
      fail(CmpResult.Kind.BAD_REPLY, "badCertId", "the certificate issued is not for our key");
      return;
    }
    if (enrollment.renewal()
        && !cert.getSubjectX500Principal()
            .equals(enrollment.current().certificate().getSubjectX500Principal())) {
      fail(
          CmpResult.Kind.BAD_REPLY,
          "badCertTemplate",
          "the renewed certificate names " + cert.getSubjectX500Principal() + ", not us");
      return;
    }
    List<X509Certificate> chain;
    try {
      chain = chain(cert, issued);
    } catch (CmpException e) {
      fail(CmpResult.Kind.UNTRUSTED, e.failInfo().rfcName(), e.getMessage());
      return;
    }
    ctx.trace().issued(cert, issued.implicitConfirm());
    if (issued.implicitConfirm()) {
      finish(new CmpResult.Issued(tx, chain, key, issued.caPubs()));
      return;
    }
    CmpRequests.Sent conf;
    try {
      conf = ctx.requests().certConf(request, cert, issued.caNonce());
    } catch (CmpException e) {
      fail(CmpResult.Kind.CONFIGURATION, null, "cannot build certConf: " + e.getMessage());
      return;
    }
    send(
        conf,
        d -> {
          if (read(d, conf) instanceof CmpReply.Confirmed) {
            ctx.trace().done(tx);
            finish(new CmpResult.Issued(tx, chain, key, issued.caPubs()));
          }
        });
  }

  /**
   * The CA holds the request: pollReq after its checkAfter (or {@link #FIRST_POLL} when it named
   * none), on the appliance's clock, until it answers with the certificate, refuses, or {@link
   * #MAX_POLLS} polls went unanswered.
   */
  private void waitAndPoll(CmpReply.Waiting w) {
    if (polls >= MAX_POLLS) {
      fail(
          CmpResult.Kind.TIMEOUT,
          null,
          "the CA still holds the request after " + polls + " polls (" + w.reason() + ")");
      return;
    }
    Duration after = w.checkAfter() == null ? FIRST_POLL : w.checkAfter();
    after = after.compareTo(MIN_POLL) < 0 ? MIN_POLL : after;
    after = after.compareTo(MAX_POLL) > 0 ? MAX_POLL : after;
    ctx.trace().waiting(after, w.reason());
    polls++;
    ctx.later()
        .after(
            after,
            () -> {
              try {
                asked = ctx.requests().pollReq(request, w.caNonce());
              } catch (CmpException e) {
                fail(CmpResult.Kind.CONFIGURATION, null, "cannot build pollReq: " + e.getMessage());
                return;
              }
              send(asked, this::onCertificateAnswer);
            });
  }

  /**
   * The issued certificate's path to a trusted CA. With no CA to check against, only an IR's answer
   * is acceptable: the shared secret's MAC vouches for it.
   */
  private List<X509Certificate> chain(X509Certificate cert, CmpReply.Issued issued)
      throws CmpException {
    if (trust.anchors().isEmpty() && enrollment.kind() == CmpEnrollment.Kind.IR) {
      return List.of(cert);
    }
    List<X509Certificate> untrusted = new ArrayList<>(issued.extraCerts());
    untrusted.addAll(issued.caPubs());
    return trust.path(cert, untrusted, ctx.clock().instant());
  }

  private void fail(CmpResult.Kind kind, String failInfo, String reason) {
    ctx.trace().failed(reason);
    finish(new CmpResult.Failed(tx, kind, failInfo, reason));
  }

  private void finish(CmpResult r) {
    done.complete(r);
  }
}
