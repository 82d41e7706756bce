package org.fwsim.firmware.cron;

import java.time.Duration;

/**
 * When forticron tries again after a renewal failed, gave no answer, or returned a certificate that
 * is still inside its own renewal window (a CA clock behind the appliance's).
 *
 * <p>INFERENCE: FortiOS does not document its retry schedule (fortios.md §12 question 3). fwsim
 * doubles from 5 minutes: 5, 10, 20, 40, 80, 160, 320, 640, 1280 minutes, then once a day (the
 * cap), so a CA that is down for two days gets 11 attempts rather than a storm, and an appliance
 * whose clock is wrong asks the CA at most once a day. Once the certificate has expired the delay
 * is one day from the first failure on.
 */
public final class RetrySchedule {

  /** The first delay. */
  public static final Duration FIRST = Duration.ofMinutes(5);

  /** The longest delay, and the delay once the certificate has expired. */
  public static final Duration CAP = Duration.ofDays(1);

  private static final long FIRST_MILLIS = FIRST.toMillis();
  private static final long CAP_MILLIS = CAP.toMillis();

  private RetrySchedule() {}

  /**
   * The delay before the next attempt after {@code failures} consecutive failures (1 or more).
   *
   * @param expired whether the certificate is already past its notAfter
   */
  public static Duration delay(int failures, boolean expired) {
    return Duration.ofMillis(delayMillis(failures, expired));
  }

  /**
   * A fixed offset of under a second for one certificate, added to each of its retries.
   * Certificates that failed together (all due at once, the same CA refusing them) would otherwise
   * ask again at the same instant every time: two of micromdm's racy issuances then met at every
   * retry until the certificates expired. An offset per certificate, from its identity, keeps runs
   * deterministic.
   *
   * @param identity what names the certificate on this appliance and among the others
   */
  public static long spreadMillis(String identity) {
    return Math.floorMod(identity.hashCode() * 0x9E3779B1, 1000);
  }

  static long delayMillis(int failures, boolean expired) {
    if (failures < 1) {
      throw new IllegalArgumentException(
          "a retry delay needs at least one failure, got " + failures);
    }
    if (expired || failures > 20) {
      return CAP_MILLIS;
    }
    return Math.min(FIRST_MILLIS << (failures - 1), CAP_MILLIS);
  }
}
