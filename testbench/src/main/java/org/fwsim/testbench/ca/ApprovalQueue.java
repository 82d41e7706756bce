package org.fwsim.testbench.ca;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Enrolments waiting for an operator, as with FortiAuthenticator's manual approval: each is
 * answered PENDING (CMP: waiting) until {@link #approve}d (or auto-approved after a number of
 * polls), then the next CertPoll (CMP: pollReq) gets the certificate.
 */
public final class ApprovalQueue {

  /** Where a held request stands. */
  public enum State {
    WAITING,
    APPROVED,
    ISSUED
  }

  /** A held request as the console lists it. */
  public record PendingRequest(
      String transactionId, String subject, Instant requestedAt, int polls, State state) {}

  /** The mutable entry behind a {@link PendingRequest}; the state moves only by CAS. */
  static final class Entry {
    final String transactionId;

    /** A SCEP request's CSR; null for a CMP request, whose responder keeps its own. */
    final PKCS10CertificationRequest csr;

    final String subject;
    final Instant requestedAt;
    final AtomicInteger polls = new AtomicInteger();
    final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

    Entry(
        String transactionId, PKCS10CertificationRequest csr, String subject, Instant requestedAt) {
      this.transactionId = transactionId;
      this.csr = csr;
      this.subject = subject;
      this.requestedAt = requestedAt;
    }

    PendingRequest view() {
      return new PendingRequest(transactionId, subject, requestedAt, polls.get(), state.get());
    }
  }

  private final ConcurrentHashMap<String, Entry> byTransaction = new ConcurrentHashMap<>();
  private volatile boolean manual;
  private volatile int autoApproveAfterPolls;

  ApprovalQueue(boolean manual, int autoApproveAfterPolls) {
    setManual(manual);
    setAutoApproveAfterPolls(autoApproveAfterPolls);
  }

  /** Manual approval on: every new enrolment waits (the console's {@code sim ca pending on}). */
  public void setManual(boolean on) {
    this.manual = on;
  }

  public boolean manual() {
    return manual;
  }

  /** Approve a held request on its N-th poll; 0 waits for an operator. */
  public void setAutoApproveAfterPolls(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("auto-approve poll count must be >= 0, got " + n);
    }
    this.autoApproveAfterPolls = n;
  }

  /** Approves a waiting request; false when no such transaction is waiting. */
  public boolean approve(String transactionId) {
    Entry e = byTransaction.get(transactionId);
    return e != null && e.state.compareAndSet(State.WAITING, State.APPROVED);
  }

  /** Approves every waiting request and says how many. */
  public int approveAll() {
    int n = 0;
    for (Entry e : byTransaction.values()) {
      if (e.state.compareAndSet(State.WAITING, State.APPROVED)) {
        n++;
      }
    }
    return n;
  }

  /** Every held request not yet issued, oldest first. */
  public List<PendingRequest> list() {
    return byTransaction.values().stream()
        .filter(e -> e.state.get() != State.ISSUED)
        .map(Entry::view)
        .sorted(
            Comparator.comparing(PendingRequest::requestedAt)
                .thenComparing(PendingRequest::transactionId))
        .toList();
  }

  Entry hold(String transactionId, PKCS10CertificationRequest csr, Instant now) {
    return byTransaction.computeIfAbsent(
        transactionId, t -> new Entry(t, csr, csr.getSubject().toString(), now));
  }

  /** Holds a request of another protocol (CMP) that keeps its request itself. */
  Entry hold(String transactionId, String subject, Instant now) {
    return byTransaction.computeIfAbsent(transactionId, t -> new Entry(t, null, subject, now));
  }

  Optional<Entry> find(String transactionId) {
    return Optional.ofNullable(byTransaction.get(transactionId));
  }

  /** Counts a poll and approves the entry when the poll budget is reached. */
  void polled(Entry e) {
    int n = e.polls.incrementAndGet();
    int budget = autoApproveAfterPolls;
    if (budget > 0 && n >= budget) {
      e.state.compareAndSet(State.WAITING, State.APPROVED);
    }
  }

  void forget(String transactionId) {
    byTransaction.remove(transactionId);
  }
}
