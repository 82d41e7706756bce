package org.fwsim.firmware.cron;

import java.time.Instant;
import java.util.Objects;
import org.fwsim.firmware.scep.client.FailureKind;

/**
 * What a {@link CertRenewer} reports about one renewal: the CA issued a certificate (with its new
 * notAfter), the request waits for approval, or it failed (with its kind and a reason for the log).
 *
 * @param kind SUCCESS and FAILURE end the renewal; PENDING may come any number of times before
 * @param notAfter the new certificate's notAfter, for SUCCESS only
 * @param failure what kind of failure, for FAILURE only
 * @param reason why it failed, for FAILURE only
 */
public record RenewOutcome(Kind kind, Instant notAfter, FailureKind failure, String reason) {

  /** The three answers a SCEP transaction ends in (RFC 8894 pkiStatus). */
  public enum Kind {
    SUCCESS,
    PENDING,
    FAILURE
  }

  private static final RenewOutcome PENDING = new RenewOutcome(Kind.PENDING, null, null, null);

  public RenewOutcome {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.SUCCESS && notAfter == null) {
      throw new IllegalArgumentException("a SUCCESS outcome needs the new certificate's notAfter");
    }
    if (kind == Kind.FAILURE && (failure == null || reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a FAILURE outcome needs a kind and a reason");
    }
  }

  public static RenewOutcome success(Instant newNotAfter) {
    return new RenewOutcome(Kind.SUCCESS, newNotAfter, null, null);
  }

  public static RenewOutcome pending() {
    return PENDING;
  }

  public static RenewOutcome failure(FailureKind failure, String reason) {
    return new RenewOutcome(Kind.FAILURE, null, failure, reason);
  }

  /** A failure of kind {@link FailureKind#OTHER}. */
  public static RenewOutcome failure(String reason) {
    return failure(FailureKind.OTHER, reason);
  }
}
