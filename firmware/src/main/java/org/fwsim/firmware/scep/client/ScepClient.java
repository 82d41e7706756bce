package org.fwsim.firmware.scep.client;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * A VDOM's SCEP client: starts enrollments and renewals of its local certificates and keeps at most
 * one transaction per certificate. Everything here runs on the appliance's mailbox; the {@code
 * submit*} methods post there from any thread.
 *
 * <p>Per VDOM it holds the context and two maps created on first use, so an idle VDOM costs a few
 * references.
 */
public final class ScepClient {

  private final ScepContext context;
  private final ScepTrace trace;
  private final ScepEvents events;
  private Map<String, ScepTransaction> active;
  private Map<String, ScepOutcome> lastOutcomes;

  /**
   * A failed renewal's new key per certificate, for its next try: the retry is the same operation
   * sent again (RFC 8894 §3.2.1.1: one transactionID, here derived from the key, for every message
   * of one operation), so a CA that answered the lost try gives the same answer again, and a
   * failing CA does not drain the key pool one key per try. Taken by the next try.
   */
  private Map<String, RetryKey> retryKeys;

  /** The key of a failed renewal of {@code renewing}. */
  private record RetryKey(X509Certificate renewing, KeyPair key) {}

  private boolean logsRenewals = true;

  public ScepClient(ScepContext context) {
    this.context = context;
    this.trace = new ScepTrace(context.debug());
    this.events = new ScepEvents(context.eventLog(), context.clock(), context.vdom());
  }

  /**
   * A first enrollment (PKCSReq signed with a self-signed certificate, challengePassword in the
   * CSR), as {@code execute vpn certificate local generate ... <scep-url> <challenge>} starts it.
   * Mailbox thread only. The future completes on the mailbox; it never completes exceptionally.
   * Refused (completed at once) when the certificate already has one, or a transaction is running.
   */
  public CompletableFuture<ScepOutcome> enroll(ScepEnrollment enrollment) {
    return start(enrollment, false);
  }

  /**
   * A renewal of an existing certificate: RenewalReq (17) when the CA advertises {@code Renewal},
   * else PKCSReq (19), signed with the current certificate and key; a new key unless {@code
   * private-key-retain}. Mailbox thread only; as forticron's auto-regenerate starts it.
   */
  public CompletableFuture<ScepOutcome> renew(ScepEnrollment enrollment) {
    return start(enrollment, true);
  }

  /** {@link #enroll} from any thread: posted to the mailbox. */
  public CompletableFuture<ScepOutcome> submitEnroll(ScepEnrollment enrollment) {
    return submit(enrollment, false);
  }

  /** {@link #renew} from any thread: posted to the mailbox. */
  public CompletableFuture<ScepOutcome> submitRenew(ScepEnrollment enrollment) {
    return submit(enrollment, true);
  }

  /** Whether a transaction for that certificate is running. Mailbox thread only. */
  public boolean inProgress(String certificate, boolean global) {
    return active != null && active.containsKey(key(certificate, global));
  }

  /**
   * Where the running transaction of that certificate is (waiting for a place of the admission, or
   * for a reply or CertPoll timer), empty when none runs. Mailbox thread only.
   */
  public Optional<String> describe(String certificate, boolean global) {
    ScepTransaction running = active == null ? null : active.get(key(certificate, global));
    return Optional.ofNullable(running).map(ScepTransaction::describe);
  }

  /**
   * How the last transaction of that certificate ended (its failInfo and reason). Mailbox thread
   * only.
   */
  public Optional<ScepOutcome> lastOutcome(String certificate, boolean global) {
    return lastOutcomes == null
        ? Optional.empty()
        : Optional.ofNullable(lastOutcomes.get(key(certificate, global)));
  }

  /**
   * Whether renewal outcomes go to the event log from here (default) or only from the renewal's
   * starter: forticron logs 22205/22204/22203 with 41987/41990 itself, so the firmware turns this
   * off to avoid every renewal being logged twice. Mailbox thread only.
   */
  public void logRenewals(boolean on) {
    this.logsRenewals = on;
  }

  boolean logsRenewals() {
    return logsRenewals;
  }

  /**
   * forticron's {@code scep_cert_init} lines for a renewal it is about to start: printed by its
   * starter, between {@code fcron_start_cert_scep()-824} and {@code -858} as in KB-420924, when
   * this client does not log renewals itself ({@link #logRenewals}). Mailbox thread only.
   */
  public void traceCertInit(ScepEnrollment enrollment) {
    trace.certInit(enrollment.scepUrl(), enrollment.certificate(), context.vfid(), true);
  }

  public ScepContext context() {
    return context;
  }

  ScepTrace trace() {
    return trace;
  }

  ScepEvents events() {
    return events;
  }

  private CompletableFuture<ScepOutcome> submit(ScepEnrollment enrollment, boolean renewal) {
    CompletableFuture<ScepOutcome> result = new CompletableFuture<>();
    context
        .mailbox()
        .execute(
            () -> {
              try {
                start(enrollment, renewal).thenAccept(result::complete);
              } catch (RuntimeException e) {
                result.complete(refusal(enrollment, renewal, "cannot start: " + e));
              }
            });
    return result;
  }

  private CompletableFuture<ScepOutcome> start(ScepEnrollment enrollment, boolean renewal) {
    String name = enrollment.certificate();
    String key = key(name, enrollment.global());
    ScepTransaction running = active == null ? null : active.get(key);
    if (running != null) {
      return refused(
          enrollment,
          renewal,
          "certificate "
              + name
              + " already has a SCEP transaction in progress"
              + (running.transactionId() == null
                  ? ""
                  : " (transaction id " + running.transactionId() + ")"));
    }
    LocalCertificate current =
        context.store(enrollment.global()).snapshot().findLocal(name).orElse(null);
    if (renewal && (current == null || !current.hasCertificate())) {
      return refused(enrollment, true, "certificate " + name + " has no certificate to renew");
    }
    if (!renewal && current != null && current.hasCertificate()) {
      return refused(
          enrollment,
          false,
          "certificate " + name + " already exists with a certificate; renew it");
    }
    if (!renewal && enrollment.subject() == null) {
      return refused(
          enrollment, false, "certificate " + name + ": a first enrollment needs a subject");
    }
    ScepTransaction transaction = new ScepTransaction(this, enrollment, renewal ? current : null);
    if (active == null) {
      active = new HashMap<>(4);
    }
    active.put(key, transaction);
    try {
      transaction.start();
    } catch (RuntimeException e) { // e.g. a mailbox that rejects: never leave the name locked
      active.remove(key);
      return refused(enrollment, renewal, "cannot start: " + e);
    }
    return transaction.result();
  }

  /**
   * The new key of a renewal of {@code current}: the one its last failed try sent, else a fresh one
   * from the pool. Mailbox thread only.
   */
  KeyPair renewalKey(String certificate, boolean global, X509Certificate current, KeyType type) {
    RetryKey kept = retryKeys == null ? null : retryKeys.remove(key(certificate, global));
    if (kept != null
        && kept.renewing().equals(current)
        && KeyType.of(kept.key().getPublic()) == type) {
      return kept.key();
    }
    return context.keys().take(type);
  }

  /** A renewal of {@code current} failed after sending {@code key}: its next try sends it again. */
  void keepForRetry(String certificate, boolean global, X509Certificate current, KeyPair key) {
    if (retryKeys == null) {
      retryKeys = new HashMap<>(4);
    }
    retryKeys.put(key(certificate, global), new RetryKey(current, key));
  }

  /** Called by a transaction when it ends, on the mailbox. */
  void finished(ScepTransaction transaction, ScepOutcome outcome) {
    String key = key(outcome.certificate(), transaction.global());
    if (active != null && active.get(key) == transaction) {
      active.remove(key);
    }
    if (lastOutcomes == null) {
      lastOutcomes = new HashMap<>(4);
    }
    lastOutcomes.put(key, outcome);
  }

  private static CompletableFuture<ScepOutcome> refused(
      ScepEnrollment e, boolean renewal, String reason) {
    return CompletableFuture.completedFuture(refusal(e, renewal, reason));
  }

  private static ScepOutcome refusal(ScepEnrollment e, boolean renewal, String reason) {
    return ScepOutcome.refused(e.certificate(), renewal, reason);
  }

  private static String key(String certificate, boolean global) {
    return (global ? "g:" : "v:") + certificate;
  }
}
