package org.fwsim.testbench.bench;

import java.util.function.LongSupplier;

/**
 * Real elapsed time since the start of a run, in nanoseconds. The testbench measures the machine,
 * so it reads the real monotonic clock; tests pass a stepped one.
 */
public final class RunClock {

  private final LongSupplier nanoTime;
  private final long origin;

  public RunClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /** A run clock on {@link System#nanoTime()}, starting now. */
  public static RunClock system() {
    return new RunClock(System::nanoTime);
  }

  /** Nanoseconds since the run started. */
  public long nanos() {
    return nanoTime.getAsLong() - origin;
  }

  /** Seconds since the run started. */
  public double seconds() {
    return nanos() / 1e9;
  }
}
