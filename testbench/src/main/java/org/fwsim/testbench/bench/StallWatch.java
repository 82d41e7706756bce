package org.fwsim.testbench.bench;

import java.time.Duration;

/**
 * Tells a phase that waits for many things at once (a window of enrollments) when none of them has
 * ended for too long: its count of ended things has not moved for {@link #bound}. A slow CA still
 * ends something now and then; a count that stands still while things are in flight means they will
 * not end by themselves.
 *
 * <p>Clock-free: the caller reads its clock and its count. Safe from any thread.
 */
final class StallWatch {

  private final long boundNanos;
  private long lastCount = -1;
  private long since;

  /**
   * @param bound how long the count may stand still, more than 0
   */
  StallWatch(Duration bound) {
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("a stall bound must be positive, got " + bound);
    }
    this.boundNanos = bound.toNanos();
  }

  /** How long the count may stand still. */
  Duration bound() {
    return Duration.ofNanos(boundNanos);
  }

  /**
   * {@code ended} things so far, read at {@code nanos}: whether the count has stood still for the
   * bound. The first reading starts the watch.
   */
  synchronized boolean stalled(long ended, long nanos) {
    if (ended != lastCount) {
      lastCount = ended;
      since = nanos;
      return false;
    }
    return nanos - since >= boundNanos;
  }

  /** How long the count has stood still at {@code nanos}. */
  synchronized Duration still(long nanos) {
    return Duration.ofNanos(Math.max(0, nanos - since));
  }
}
