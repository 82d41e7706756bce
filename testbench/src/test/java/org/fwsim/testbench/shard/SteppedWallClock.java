package org.fwsim.testbench.shard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock for tests of the storm instant: it reads what it was set to, and a {@link
 * StormStart.Pause} on it moves it to the target instead of sleeping.
 */
public final class SteppedWallClock extends Clock {

  private volatile Instant now;

  public SteppedWallClock(Instant now) {
    this.now = now;
  }

  /** Moves the clock on. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** A pause that jumps this clock to the instant it waits for. */
  public StormStart.Pause jumping() {
    return (target, clock) -> {
      if (now.isBefore(target)) {
        now = target;
      }
    };
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
