package org.fwsim.firmware.cert;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.fwsim.firmware.cron.CertRenewer;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.scep.client.ScepAdmission;

/**
 * A renewal of a protocol without an admission of its own (EST, CMPv2, ACME) held to the policy's
 * {@link ScepAdmission}, as SCEP's transactions hold themselves: it starts once a place is free,
 * and gives the place back at its final outcome (not a PENDING one) or when forticron cancels it.
 * So a testbench's {@code --max-in-flight} bounds every protocol's renewals, not SCEP's alone.
 *
 * <p>Mailbox only, but for the handover of a place, which only posts the start to the mailbox; and
 * the outcome, which may come from any thread.
 */
final class AdmittedRenewal implements CertRenewer.Renewal {

  private final ScepAdmission admission;
  private final Executor mailbox;
  private final AtomicBoolean holding = new AtomicBoolean();
  private CertRenewer.Renewal renewal;
  private boolean cancelled;

  private AdmittedRenewal(ScepAdmission admission, Executor mailbox) {
    this.admission = admission;
    this.mailbox = mailbox;
  }

  /**
   * {@code renewer}'s renewal of {@code cert}, admitted by {@code admission}; the renewal itself
   * when the admission has no bound.
   *
   * @param mailbox runs a start on the appliance's turn
   */
  static CertRenewer.Renewal of(
      CertRenewer renewer,
      CronCertificate cert,
      Consumer<RenewOutcome> done,
      ScepAdmission admission,
      Executor mailbox) {
    if (admission.limit() == 0) {
      return renewer.renew(cert, done);
    }
    AdmittedRenewal admitted = new AdmittedRenewal(admission, mailbox);
    admitted.renewal =
        renewer.renew(
            cert,
            outcome -> {
              if (outcome.kind() != RenewOutcome.Kind.PENDING) {
                admitted.release();
              }
              done.accept(outcome);
            });
    return admitted;
  }

  @Override
  public void start() {
    if (admission.enter(this::handedOver)) {
      holding.set(true);
      renewal.start();
    }
  }

  /** Any thread: a place was handed over; the start runs on the appliance's turn. */
  private void handedOver() {
    holding.set(true);
    try {
      mailbox.execute(
          () -> {
            if (cancelled) {
              release();
            } else {
              renewal.start();
            }
          });
    } catch (RuntimeException e) {
      release(); // the appliance is gone: the place goes to the next
      throw e;
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    renewal.cancel();
    release();
  }

  /** The place goes back, once, if this renewal holds one. */
  private void release() {
    if (holding.compareAndSet(true, false)) {
      admission.release();
    }
  }
}
