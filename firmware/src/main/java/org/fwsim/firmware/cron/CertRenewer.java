package org.fwsim.firmware.cron;

import java.util.function.Consumer;

/**
 * The SCEP client as forticron sees it: renews one certificate and reports how it went.
 *
 * <p>Two steps, as in the forticron trace (KB-420924): {@link #renew} is {@code scep_cert_init}
 * (parse the URL, load the certificate and key; it may print its trace lines), then forticron
 * prints {@code Added and Start cert NAME} and calls {@link Renewal#start()} ({@code scep_start}:
 * resolve, connect, send).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Called on the appliance's mailbox; neither method may block.
 *   <li>{@code renew} throwing an exception means the renewal could not start: forticron logs the
 *       exception message as the failure reason and retries on its backoff schedule.
 *   <li>{@code done} may be called from any thread (forticron hops to the mailbox itself): {@link
 *       RenewOutcome#pending() PENDING} after each CertPoll answer that is still pending (at least
 *       once a day while pending, or forticron gives up on the transaction), then exactly one
 *       SUCCESS or FAILURE. On SUCCESS the new certificate and key are already in the certificate
 *       store and persisted. Calls after the final one, or after {@link Renewal#cancel()}, are
 *       ignored.
 *   <li>Forticron never has more than one renewal of a certificate in flight; it cancels one that
 *       gave no answer within {@link Forticron#ANSWER_TIMEOUT} (or {@link
 *       Forticron#PENDING_TIMEOUT} after the last PENDING) and counts it as a failure.
 * </ul>
 */
public interface CertRenewer {

  /**
   * Prepares the renewal of {@code cert} ({@code scep_cert_init}).
   *
   * @param cert the certificate with its SCEP settings
   * @param done receives the outcomes, from any thread
   * @return the prepared renewal, not yet started
   */
  Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done);

  /** One prepared renewal. */
  interface Renewal {
    /** Starts the exchange with the CA; must not block. */
    void start();

    /** Abandons the exchange (forticron timed it out or the certificate was deleted). */
    void cancel();
  }
}
