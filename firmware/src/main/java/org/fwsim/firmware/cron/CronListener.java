package org.fwsim.firmware.cron;

import java.time.Instant;
import org.fwsim.firmware.scep.client.FailureKind;

/**
 * Told what forticron decided, on the appliance's mailbox, so the firmware can mirror it where it
 * belongs (e.g. {@code CertState.EXPIRED} in the certificate store, metrics). Every method does
 * nothing by default.
 */
public interface CronListener {

  /** The certificate reached its notAfter without a replacement. */
  default void expired(CronCertificate cert) {}

  /** A renewal ended in SUCCESS; {@code cert} carries the new notAfter. */
  default void renewed(CronCertificate cert) {}

  /** A renewal is waiting for the CA's approval (once per renewal). */
  default void pending(CronCertificate cert) {}

  /**
   * A renewal failed or gave no answer, for a reason of that {@code kind} ({@code reason} says it
   * for people); the next attempt is at {@code nextAttempt} (appliance time).
   */
  default void failed(CronCertificate cert, FailureKind kind, String reason, Instant nextAttempt) {}
}
