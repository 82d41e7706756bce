package org.fwsim.testbench.bench;

/**
 * Renewal work that times the appliance's operations apart from the CA's, so that the bound tells
 * the client side's share ({@link #applianceShare}) of a renewal's crypto.
 */
abstract class SidedRenewalWork implements RenewalWork {

  private long applianceNanos;
  private long allNanos;

  /** Adds one renewal's time: the appliance's part of it, and all of it. */
  final void counted(long applianceNanos, long allNanos) {
    this.applianceNanos += applianceNanos;
    this.allNanos += allNanos;
  }

  @Override
  public final void windowOpened() {
    applianceNanos = 0;
    allNanos = 0;
  }

  /** The appliance's share of the time of the renewals since the window opened (0..1). */
  @Override
  public final double applianceShare() {
    return allNanos == 0 ? Double.NaN : (double) applianceNanos / allNanos;
  }
}
