package org.fwsim.testbench.bench;

import java.time.Instant;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronListener;
import org.fwsim.firmware.scep.client.FailureKind;

/**
 * Hears forticron's renewals on one appliance, beside the firmware's own listener, and hands those
 * of the storm's certificates to the {@link RenewalPhase}. Called on the appliance's mailbox.
 */
record RenewalListener(StormFleet fleet, int device, RenewalPhase phase) implements CronListener {
  @Override
  public void renewed(CronCertificate cert) {
    int ordinal = fleet.ordinal(device, cert.name());
    if (ordinal >= 0) {
      phase.renewed(device, ordinal, cert);
    }
  }

  @Override
  public void failed(CronCertificate cert, FailureKind kind, String reason, Instant nextAttempt) {
    int ordinal = fleet.ordinal(device, cert.name());
    if (ordinal >= 0) {
      phase.failedTry(device, ordinal, cert, kind, reason);
    }
  }

  @Override
  public void expired(CronCertificate cert) {
    int ordinal = fleet.ordinal(device, cert.name());
    if (ordinal >= 0) {
      phase.expired(ordinal);
    }
  }
}
