package org.fwsim.firmware.scep.client;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.egress.ServerAddress;
import org.fwsim.firmware.scep.message.CaCaps;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.RequestParties;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepHttpResponse;
import org.fwsim.firmware.scep.transport.ScepOperation;
import org.fwsim.firmware.scep.transport.ScepTransportException;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.pki.UntrustedChainException;

/**
 * One SCEP enrollment or renewal of one local certificate, in the policy's {@link ScepFlow}: the
 * FortiOS flow (GetCACert, PKCSReq by GET, renewal as a PKCSReq signed by the current certificate)
 * or RFC 8894's (GetCACaps, GetCACert, PKCSReq or RenewalReq, POST when offered); then CertPoll
 * every poll interval while PENDING, then install or fail.
 *
 * <p>Every step runs on the appliance's mailbox: HTTP completions arrive there (the transport's
 * contract) and poll timers only post there. Replies of an abandoned step are ignored by step
 * number. Nothing throws out of a step: any error ends the transaction as FAILED with its reason,
 * the current certificate and key untouched.
 */
final class ScepTransaction {

  private final ScepClient client;
  private final ScepContext ctx;
  private final ScepTrace trace;
  private final ScepEvents events;
  private final ScepEnrollment enrollment;
  private final boolean renewal;
  private final LocalCertificate current;
  private final CertStore store;
  private final CompletableFuture<ScepOutcome> result = new CompletableFuture<>();

  private int step;
  private boolean done;
  private int connState;
  private Runnable stopConnect;
  private Egress egress;
  private CaCaps caps = CaCaps.NONE;
  private CaCertificates ca;
  private KeyPair keyPair;
  private X509Certificate signer;
  private PrivateKey signerKey;
  private PKCS10CertificationRequest csr;
  private OutboundRequest sent;
  private MessageType requestType;
  private String transactionId;
  private int polls;

  /** Whether this transaction holds a place of the policy's {@link ScepAdmission}. */
  private boolean holdsPlace;

  /** For {@link #describe}: the last step's operation; whether a CertPoll timer is set. */
  private ScepOperation sentOperation;

  private boolean pollTimer;

  /** A transaction of {@code client}: a renewal of {@code current}, or a first enrollment. */
  ScepTransaction(ScepClient client, ScepEnrollment enrollment, LocalCertificate current) {
    this.client = client;
    this.ctx = client.context();
    this.trace = client.trace();
    this.events = client.events();
    this.enrollment = enrollment;
    this.renewal = current != null;
    this.current = current;
    this.store = ctx.store(enrollment.global());
  }

  /** forticron names a certificate's SCEP job {@code <name>VDOM<vfid>} (KB-420924). */
  static String certTag(String certificate, int vfid) {
    return certificate + "VDOM" + vfid;
  }

  CompletableFuture<ScepOutcome> result() {
    return result;
  }

  String transactionId() {
    return transactionId;
  }

  boolean global() {
    return enrollment.global();
  }

  /**
   * Synchronous part, on the caller's mailbox turn: forticron's init lines; the rest is posted once
   * the policy's admission lets the transaction start (at once unless a testbench bounds the
   * transactions in flight).
   */
  void start() {
    if (!renewal || client.logsRenewals()) {
      // A renewal forticron starts had these lines printed by forticron (ScepClient#traceCertInit).
      trace.certInit(enrollment.scepUrl(), enrollment.certificate(), ctx.vfid(), renewal);
    }
    if (ctx.policy().admission().enter(this::handedOver)) {
      // Admitted on this mailbox turn: resolve and connect now, inside the caller's turn, as
      // forticron does within its cert_upd timer (KB-420924: the bind lines come before "Timer
      // cert_upd done").
      admitted();
    }
  }

  /**
   * Any thread: a place of the admission was handed over to this waiting transaction; it starts on
   * its mailbox. Reads nothing of the transaction, which its mailbox may be running meanwhile.
   */
  private void handedOver() {
    try {
      ctx.mailbox().execute(this::admitted);
    } catch (RuntimeException e) { // a mailbox that rejects: the place must not be lost
      ctx.policy().admission().release();
      throw e;
    }
  }

  /** Where it is, for a report of transactions that do not end. Mailbox only, while running. */
  String describe() {
    return !holdsPlace
        ? "waiting for a place (" + ctx.policy().admission() + ")"
        : pollTimer
            ? "waiting for CertPoll " + (polls + 1) + " (the CA answered PENDING)"
            : sentOperation == null
                ? "admitted, nothing sent"
                : "waiting for the reply to " + sentOperation.wireName() + " (step " + step + ")";
  }

  /** On the mailbox, holding a place of the admission until {@link #finish}. */
  private void admitted() {
    holdsPlace = true;
    if (done) {
      releasePlace();
      return;
    }
    guard(this::resolve);
  }

  private void releasePlace() {
    if (holdsPlace) {
      holdsPlace = false;
      ctx.policy().admission().release();
    }
  }

  private void resolve() {
    trace.resolve(enrollment.scepUrl().host());
    int destination;
    try {
      destination = ServerAddress.of(enrollment.scepUrl().host());
    } catch (IllegalArgumentException e) {
      fail(FailureKind.CONFIGURATION, e.getMessage(), null);
      return;
    }
    trace.resolved(enrollment.scepUrl().host(), Ip4.toString(destination));
    try {
      egress = ctx.egress().select(ctx.vdom(), destination, enrollment.sourceIp());
    } catch (EgressException e) {
      fail(FailureKind.EGRESS, e.getMessage(), null);
      return;
    }
    ScepFlow flow = ctx.policy().flow();
    if (!flow.asksCaCaps()) {
      caps = flow.assumedCaps();
      sendGetCaCert();
      return;
    }
    send(
        ScepHttpRequest.getCaCaps(enrollment.scepUrl(), enrollment.caIdentifier()),
        ScepTrace.STATE_CA_CAPS_REPLY,
        this::onCaCaps,
        this::onCaCapsError);
  }

  private void sendGetCaCert() {
    send(
        ScepHttpRequest.getCaCert(enrollment.scepUrl(), enrollment.caIdentifier()),
        ScepTrace.STATE_CA_CERT_REPLY,
        this::onCaCert,
        this::onTransportError);
  }

  private void onCaCaps(ScepHttpResponse response) {
    caps = CaCaps.parse(new String(response.body(), StandardCharsets.US_ASCII));
    response.stopConnect();
    sendGetCaCert();
  }

  /**
   * RFC 8894 §3.5.2: an HTTP error to GetCACaps means no capabilities, not a failed transaction.
   */
  private void onCaCapsError(ScepTransportException e) {
    if (e.reason() != ScepTransportException.Reason.HTTP_STATUS) {
      onTransportError(e);
      return;
    }
    caps = CaCaps.NONE;
    e.stopConnect();
    sendGetCaCert();
  }

  private void onCaCert(ScepHttpResponse response) {
    try {
      ca = CaCertificates.parseLenient(response.contentType(), response.body());
    } catch (ScepException e) {
      trace.error("__process_ca_cert_reply", e.getMessage());
      fail(FailureKind.BAD_REPLY, e.getMessage(), null);
      return;
    }
    trace.caCertReply(ca);
    try {
      sent = renewal ? buildRenewal() : buildFirstRequest();
    } catch (ScepException | IllegalArgumentException e) {
      trace.error("new_scep_transaction", e.getMessage());
      fail(
          FailureKind.CONFIGURATION,
          "cannot build the "
              + (renewal ? "renewal" : "enrollment")
              + " request: "
              + e.getMessage(),
          null);
      return;
    }
    requestType = sent.type();
    transactionId = sent.transactionId();
    trace.newTransaction(transactionId);
    trace.wrap(sent);
    if (!renewal) {
      // The CSR entry exists from here on, as on FortiOS, with the key and a PENDING state.
      store.putLocal(
          LocalCertificate.pending(
              enrollment.certificate(),
              keyPair.getPrivate(),
              transactionId,
              ctx.clock().instant()));
    }
    trace.gotCa(requestType == MessageType.RENEWAL_REQ ? "RENEWALREQ" : "PKCSREQ");
    response.stopConnect();
    sendPkiOperation();
  }

  /** PKCSReq signed by a self-signed certificate of the new key (RFC 8894 §2.3). */
  private OutboundRequest buildFirstRequest() throws ScepException {
    keyPair = ctx.keys().take(enrollment.keyType());
    X500Name subject = enrollment.subject();
    signer = ctx.requests().selfSignedSigner(keyPair, subject);
    signerKey = keyPair.getPrivate();
    csr = ScepCsr.csr(keyPair, subject, enrollment.challenge());
    return ctx.requests().pkcsReq(csr, parties());
  }

  /**
   * RenewalReq when offered (RFC 8894 flow), else PKCSReq, signed with the current certificate and
   * key; once that certificate has expired, a PKCSReq signed by a self-signed certificate.
   */
  private OutboundRequest buildRenewal() throws ScepException {
    X509Certificate cert = current.certificate();
    keyPair =
        enrollment.privateKeyRetain()
            ? new KeyPair(cert.getPublicKey(), current.privateKey())
            : client.renewalKey(
                enrollment.certificate(),
                enrollment.global(),
                cert,
                KeyType.of(cert.getPublicKey()));
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    csr = ScepCsr.csr(keyPair, subject, enrollment.challenge());
    if (expired(cert)) {
      // A certificate whose renewals failed until it expired vouches for nothing: CAs refuse an
      // expired signer (micromdm, EJBCA). INFERENCE (FortiOS documents none of this): the
      // simulated FortiOS then enrolls afresh as RFC 8894 §2.3 has a client without a suitable
      // certificate do, a PKCSReq signed by a self-signed certificate of the new key, authorised by
      // scep-password alone; the old certificate stays installed until the new one arrives.
      signer = ctx.requests().selfSignedSigner(keyPair, subject);
      signerKey = keyPair.getPrivate();
      return ctx.requests().pkcsReq(csr, parties());
    }
    signer = cert;
    signerKey = current.privateKey();
    return caps.renewalSupported()
        ? ctx.requests().renewalReq(csr, parties())
        : ctx.requests().pkcsReq(csr, parties());
  }

  /** The current signer and the CA as GetCACert and GetCACaps found it. */
  private RequestParties parties() {
    return new RequestParties(signer, signerKey, ca, caps);
  }

  private boolean expired(X509Certificate cert) {
    return ctx.clock().instant().isAfter(cert.getNotAfter().toInstant());
  }

  private void sendPkiOperation() {
    ScepHttpRequest request =
        caps.postSupported()
            ? ScepHttpRequest.pkiOperationPost(enrollment.scepUrl(), sent.der())
            : ScepHttpRequest.pkiOperationGet(enrollment.scepUrl(), sent.der());
    send(request, ScepTrace.STATE_PKI_REPLY, this::onCertRep, this::onTransportError);
  }

  private void onCertRep(ScepHttpResponse response) {
    trace.unwrapStart();
    CertRep rep;
    try {
      rep = ctx.requests().decodeReply(response.body(), sent, signerKey, ca);
    } catch (ScepException e) {
      trace.unwrapFailed(response.bodyLength(), e.getMessage());
      fail(FailureKind.BAD_REPLY, "bad CertRep: " + e.getMessage(), null);
      return;
    }
    trace.unwrap(rep);
    switch (rep.status()) {
      case PENDING -> onPending();
      case FAILURE ->
          fail(
              FailureKind.of(rep.failInfo()),
              "CA answered FAILURE, failInfo "
                  + (rep.failInfo() == null ? "(none)" : rep.failInfo().rfcName())
                  + (rep.failInfoText() == null ? "" : " (" + rep.failInfoText() + ")"),
              rep.failInfo());
      case SUCCESS -> install(rep);
    }
  }

  private void onPending() {
    if (polls >= ctx.policy().maxPolls()) {
      fail(
          FailureKind.PENDING,
          "request " + transactionId + " still PENDING after " + polls + " polls",
          null);
      return;
    }
    markPending();
    if (logsEvents()) {
      events.pending(enrollment.certificate(), transactionId, polls);
    }
    Runnable stop = stopConnect;
    stopConnect = null;
    if (stop != null) {
      stop.run();
    }
    int expected = step;
    pollTimer = true;
    // The timer task only posts to the mailbox, as the Scheduler requires.
    ctx.scheduler()
        .scheduleAfter(
            ctx.policy().pollInterval(),
            () -> ctx.mailbox().execute(() -> guard(() -> poll(expected))));
  }

  /** The certificate's state shows the pending request; certificate and key stay as they are. */
  private void markPending() {
    LocalCertificate entry = store.snapshot().findLocal(enrollment.certificate()).orElse(null);
    if (entry != null && !CertState.pending(transactionId).equals(entry.state())) {
      store.putLocal(entry.withState(CertState.pending(transactionId), ctx.clock().instant()));
    }
  }

  private void poll(int expectedStep) {
    if (done || expectedStep != step) {
      return;
    }
    polls++;
    try {
      X500Name issuer = X500Name.getInstance(ca.ca().getSubjectX500Principal().getEncoded());
      sent =
          ctx.requests()
              .certPoll(issuer, csr.getSubject(), transactionId, parties())
              .withChallengePassword(ScepCsr.challengePassword(csr));
    } catch (ScepException e) {
      fail(FailureKind.INTERNAL, "cannot build CertPoll: " + e.getMessage(), null);
      return;
    }
    trace.wrap(sent);
    sendPkiOperation();
  }

  /**
   * SUCCESS: our key, a trusted chain, then certificate and key in one publish, and the CA
   * imported.
   */
  private void install(CertRep rep) {
    X509Certificate issued;
    try {
      issued = PkiRequests.issuedFor(rep, keyPair.getPublic());
    } catch (ScepException e) {
      fail(FailureKind.BAD_REPLY, e.getMessage(), null);
      return;
    }
    String renamed = IssuedCertificateCheck.otherSubject(issued, csr.getSubject());
    if (renamed != null) {
      trace.error("scep_write_local_cert", renamed);
      fail(FailureKind.BAD_REPLY, renamed, null);
      return;
    }
    List<X509Certificate> path;
    try {
      path = IssuedCertificateCheck.trustedPath(issued, rep, ca, store, ctx.clock());
    } catch (UntrustedChainException e) {
      trace.error("scep_write_local_cert", e.getMessage());
      fail(FailureKind.UNTRUSTED, "issued certificate is not trusted: " + e.getMessage(), null);
      return;
    }
    trace.writeLocalCert(issued, enrollment.certificate());
    LocalCertificate installed;
    try {
      installed = store.replaceLocal(enrollment.certificate(), path, keyPair.getPrivate());
    } catch (IllegalArgumentException e) {
      fail(FailureKind.UNTRUSTED, "cannot install the issued certificate: " + e.getMessage(), null);
      return;
    }
    IssuedCertificateCheck.importCaCertificates(ca, store);
    if (logsEvents()) {
      events.issued(enrollment.certificate(), renewal);
    }
    finish(
        ScepOutcome.issued(
            enrollment.certificate(), renewal, requestType, transactionId, installed, polls));
  }

  private void onTransportError(ScepTransportException e) {
    if (e.reason() == ScepTransportException.Reason.CLOSED) {
      // A cut connection (e.g. its interface went down) says why in the trace, not only in the
      // outcome.
      trace.connectionLost(e.getMessage());
    }
    fail(FailureKind.of(e), e.getMessage(), null);
  }

  /**
   * One HTTP step; its completion runs on the mailbox, and only if it is still the current step.
   */
  private void send(
      ScepHttpRequest request,
      int replyState,
      Consumer<ScepHttpResponse> onOk,
      Consumer<ScepTransportException> onError) {
    int mine = ++step;
    connState = replyState;
    sentOperation = request.operation();
    pollTimer = false;
    ScepHttpRequest out;
    try {
      out = request.withEgress(egress).withTimeout(ctx.policy().stepTimeout());
    } catch (IllegalArgumentException e) {
      fail(FailureKind.CONFIGURATION, e.getMessage(), null);
      return;
    }
    ctx.transport()
        .send(
            out,
            ctx.debug(),
            ctx.mailbox(),
            response -> {
              if (done || mine != step) {
                return; // a late reply to an abandoned step; the transport closes it
              }
              stopConnect = response::stopConnect;
              guard(() -> onOk.accept(response));
            },
            error -> {
              if (done || mine != step) {
                return;
              }
              stopConnect = error::stopConnect;
              guard(() -> onError.accept(error));
            });
  }

  /** Nothing escapes a step: a bug ends the transaction as FAILED with its description. */
  private void guard(Runnable stepBody) {
    try {
      stepBody.run();
    } catch (RuntimeException e) {
      if (!done) {
        fail(FailureKind.INTERNAL, "internal error: " + e, null);
      }
    }
  }

  private void fail(FailureKind kind, String reason, FailInfo failInfo) {
    if (done) {
      return;
    }
    trace.requestFailed();
    restoreState();
    if (renewal && keyPair != null && !enrollment.privateKeyRetain()) {
      client.keepForRetry(
          enrollment.certificate(), enrollment.global(), current.certificate(), keyPair);
    }
    if (logsEvents()) {
      events.failed(enrollment.certificate(), reason);
    }
    finish(
        new ScepOutcome(
            enrollment.certificate(),
            ScepOutcome.Status.FAILED,
            renewal,
            requestType,
            transactionId,
            failInfo,
            reason,
            null,
            polls,
            kind));
  }

  /**
   * A renewal leaves the certificate as it was (only the PENDING mark is undone); a first
   * enrollment's CSR entry becomes FAILED, keeping its key for a retry.
   */
  private void restoreState() {
    if (transactionId == null) {
      return;
    }
    LocalCertificate entry = store.snapshot().findLocal(enrollment.certificate()).orElse(null);
    if (entry == null || !CertState.pending(transactionId).equals(entry.state())) {
      return;
    }
    CertState back = renewal ? current.state() : CertState.FAILED;
    store.putLocal(entry.withState(back, ctx.clock().instant()));
  }

  /** A renewal's outcome is logged here unless its starter (forticron) logs it itself. */
  private boolean logsEvents() {
    return !renewal || client.logsRenewals();
  }

  private void finish(ScepOutcome outcome) {
    done = true;
    step++;
    trace.stop();
    Runnable stop = stopConnect;
    stopConnect = null;
    if (stop != null) {
      stop.run();
    }
    releasePlace(); // before the outcome is told, so a follow-up transaction finds the place free
    trace.cleanup(
        connState, certTag(enrollment.certificate(), ctx.vfid()), ctx.vfid(), enrollment.global());
    client.finished(this, outcome);
    result.complete(outcome);
  }
}
