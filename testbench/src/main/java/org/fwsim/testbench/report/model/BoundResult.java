package org.fwsim.testbench.report.model;

import java.util.Locale;

/**
 * One crypto-bound measurement as reports show it: how many renewals the threads completed in the
 * window, and the rate.
 *
 * @param method what was measured per renewal ({@code raw} or {@code codec})
 * @param key the appliance's key type ({@code rsa2048}, {@code ec256})
 * @param envelope how the CA keyed its reply ({@code keytrans}, {@code password}, {@code keyagree})
 * @param cpuSeconds the measuring threads' CPU seconds in the window, -1 when unknown
 * @param applianceShare the appliance's share of each renewal's crypto (0..1), NaN when unknown
 */
public record BoundResult(
    String method,
    String key,
    String envelope,
    int threads,
    long renewals,
    double seconds,
    double perSecond,
    double cpuSeconds,
    double applianceShare) {

  /** The envelope of an RSA appliance key, which needs no mention beside the key. */
  public static final String KEY_TRANS = "keytrans";

  /** {@code rsa2048}, or the EC key with its envelope: {@code ec256+password}. */
  public String keyLabel() {
    return envelope.equals(KEY_TRANS) ? key : key + "+" + envelope;
  }

  /** {@code stormPerSecond / perSecond}: how close the storm came to this bound. */
  public double efficiency(double stormPerSecond) {
    return perSecond <= 0 ? 0 : stormPerSecond / perSecond;
  }

  /**
   * The client side of the bound: CPU seconds of the appliance's public- and private-key work per
   * renewal; NaN when the CPU or the share is unknown.
   */
  public double applianceCpuPerRenewal() {
    if (cpuSeconds < 0 || renewals == 0 || Double.isNaN(applianceShare)) {
      return Double.NaN;
    }
    return cpuSeconds * applianceShare / renewals;
  }

  /** One line for logs: {@code raw rsa2048 2 threads: 1,234 renewals in 4.00 s = 308.5/s}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s %d thread%s: %,d renewals in %.2f s = %.1f/s",
        method,
        keyLabel(),
        threads,
        threads == 1 ? "" : "s",
        renewals,
        seconds,
        perSecond);
  }
}
