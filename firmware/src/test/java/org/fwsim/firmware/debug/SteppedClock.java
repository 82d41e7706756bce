package org.fwsim.firmware.debug;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A virtual clock for tests: stands still until stepped. */
public final class SteppedClock implements InstantSource {
  private final AtomicLong millis;

  public SteppedClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  public void step(Duration d) {
    millis.addAndGet(d.toMillis());
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
