package org.fwsim.hal.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A virtual clock for tests: it stands still until the test steps it, so every instant a test sees
 * is one it chose. Safe to read from any thread.
 */
public final class SteppedClock implements InstantSource {
  private final AtomicLong millis;

  /** A clock standing at {@code start}. */
  public SteppedClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** Moves the clock forward (or back, for a negative duration) by {@code d}. */
  public void step(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** Puts the clock at {@code instant}. */
  public void set(Instant instant) {
    millis.set(instant.toEpochMilli());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }
}
