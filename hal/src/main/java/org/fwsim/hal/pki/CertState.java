package org.fwsim.hal.pki;

import java.util.Objects;

/**
 * The read-only {@code state} of a local certificate: settled, waiting for the CA (with the SCEP
 * transaction id to poll for), expired, or failed.
 *
 * @param status what the certificate is waiting for, if anything
 * @param transactionId the SCEP transaction id while {@link Status#PENDING}, otherwise null
 */
public record CertState(Status status, String transactionId) {

  /** The kinds of state; only {@link #PENDING} carries a transaction id. */
  public enum Status {
    OK,
    PENDING,
    EXPIRED,
    FAILED
  }

  /** A certificate in use. Shared: states other than PENDING carry no data. */
  public static final CertState OK = new CertState(Status.OK, null);

  /** A certificate past its notAfter, noticed by forticron. */
  public static final CertState EXPIRED = new CertState(Status.EXPIRED, null);

  /** The last enrollment or renewal was refused or timed out. */
  public static final CertState FAILED = new CertState(Status.FAILED, null);

  public CertState {
    Objects.requireNonNull(status, "status");
    if (status == Status.PENDING) {
      if (transactionId == null || transactionId.isBlank()) {
        throw new IllegalArgumentException("a PENDING state needs the SCEP transaction id");
      }
    } else if (transactionId != null) {
      throw new IllegalArgumentException(
          "only a PENDING state carries a transaction id, not " + status);
    }
  }

  /** A request the CA has accepted for manual approval, to be polled with this transaction id. */
  public static CertState pending(String transactionId) {
    return new CertState(Status.PENDING, transactionId);
  }

  public boolean isPending() {
    return status == Status.PENDING;
  }
}
