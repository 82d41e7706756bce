package org.fwsim.testbench.report.model;

import java.util.Locale;

/**
 * One crypto-bound measurement as reports show it: how many renewals the threads completed in the
 * window, and the rate.
 *
 * @param method what was measured per renewal ({@code raw} or {@code codec})
 * @param key the appliance's key type ({@code rsa2048}, {@code ec256})
 * @param envelope how the CA keyed its reply ({@code keytrans}, {@code password}, {@code keyagree})
 */
public record BoundResult(
    String method,
    String key,
    String envelope,
    int threads,
    long renewals,
    double seconds,
    double perSecond) {

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
