package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApplianceClockTest {

  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void startsInStepAndFollowsTheSimulation() {
    SimClock sim = SimClock.fastForward(START);
    ApplianceClock fgt = new ApplianceClock(sim);
    assertEquals(START, fgt.instant());
    assertEquals(Duration.ZERO, fgt.offset());
    sim.advance(Duration.ofHours(3));
    assertEquals(START.plus(Duration.ofHours(3)), fgt.instant());
  }

  @Test
  void executeDateSetsTheOffsetAndKeepsItWhileTimeRuns() {
    SimClock sim = SimClock.fastForward(START);
    ApplianceClock fgt = new ApplianceClock(sim);
    ApplianceClock other = new ApplianceClock(sim);

    fgt.setTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), fgt.instant());
    sim.advance(Duration.ofMinutes(90));
    assertEquals(Instant.parse("2027-01-01T01:30:00Z"), fgt.instant());
    assertEquals(
        START.plus(Duration.ofMinutes(90)), other.instant(), "one appliance's date is its own");
  }

  @Test
  void skewFaultAndConversionToSimulationTime() {
    SimClock sim = SimClock.fastForward(START);
    ApplianceClock fgt = new ApplianceClock(sim);
    fgt.setOffset(Duration.ofMinutes(-10));
    assertEquals(START.minus(Duration.ofMinutes(10)), fgt.instant());
    assertEquals(Duration.ofMinutes(-10), fgt.offset());

    // "fire at 09:00 appliance time" is 09:10 simulation time when the appliance is 10 minutes
    // behind
    long applianceNine = Instant.parse("2026-03-01T09:00:00Z").toEpochMilli();
    assertEquals(
        Instant.parse("2026-03-01T09:10:00Z").toEpochMilli(), fgt.toSimMillis(applianceNine));
  }
}
