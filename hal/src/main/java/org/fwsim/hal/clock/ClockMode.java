package org.fwsim.hal.clock;

/** How virtual time relates to real time in a {@link SimClock}. */
public enum ClockMode {
  /** Virtual time advances one-for-one with real time. */
  REALTIME,
  /** Virtual time advances at a fixed factor of real time. */
  SCALED,
  /** Virtual time stands still until the scheduler jumps it to the next deadline. */
  FAST_FORWARD
}
