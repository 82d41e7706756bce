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
}
