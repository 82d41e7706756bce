package org.fwsim.hal.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * One appliance's view of time: the shared {@link SimClock} plus an offset, which is what FortiOS
 * {@code execute date} / {@code execute time} change and what a clock-skew fault injects.
 *
 * <p>Two fields, so a fleet of 10,000 costs nothing worth measuring. Timers are always scheduled in
 * simulation time: convert an appliance wall-clock deadline with {@link #toSimMillis(long)}.
 */
public final class ApplianceClock implements InstantSource {

  private final SimClock simClock;

  /** Written by the appliance's own mailbox thread (CLI) or a fault injector, read by anyone. */
  private volatile long offsetMillis;

  /** An appliance clock in step with {@code simClock} (offset zero). */
  public ApplianceClock(SimClock simClock) {
    this.simClock = Objects.requireNonNull(simClock, "simClock");
  }

  @Override
  public long millis() {
    return simClock.millis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  /** How far this appliance's clock is ahead of (positive) or behind (negative) the simulation. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis);
  }

  /** Sets the skew against the simulation clock, e.g. for a clock-skew fault. */
  public void setOffset(Duration offset) {
    this.offsetMillis = Objects.requireNonNull(offset, "offset").toMillis();
  }

  /**
   * Makes this appliance read {@code time} now (FortiOS {@code execute date}/{@code execute time}).
   */
  public void setTo(Instant time) {
    Objects.requireNonNull(time, "time");
    this.offsetMillis = time.toEpochMilli() - simClock.millis();
  }

  /** The simulation time at which this appliance's clock will read {@code applianceMillis}. */
  public long toSimMillis(long applianceMillis) {
    return applianceMillis - offsetMillis;
  }

  /** The shared clock under this view. */
  public SimClock simClock() {
    return simClock;
  }

  @Override
  public String toString() {
    return "ApplianceClock[" + instant() + ", offset " + offset() + "]";
  }
}
