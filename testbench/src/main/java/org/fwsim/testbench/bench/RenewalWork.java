package org.fwsim.testbench.bench;

/**
 * The work of one renewal for the crypto bound, owned by one thread: it may keep JCA engines and
 * buffers between calls, so an instance is never shared.
 */
interface RenewalWork {

  /**
   * Does one renewal's worth of work and returns something derived from its output, so the JIT
   * cannot drop the work as dead code.
   */
  long renewOnce() throws Exception;

  /** Called once, before the first renewal inside the measured window: counters start there. */
  default void windowOpened() {}

  /**
   * The appliance's share of the renewals' time since {@link #windowOpened} (0..1), NaN when this
   * work does not tell the sides apart.
   */
  default double applianceShare() {
    return Double.NaN;
  }
}
