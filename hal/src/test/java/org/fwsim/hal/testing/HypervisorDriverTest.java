package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HypervisorDriverTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Hypervisor hv =
      Hypervisor.builder(SimClock.fastForward(START)).workers(0).keygenThreads(1).build();

  @AfterEach
  void close() {
    hv.close();
  }

  @Test
  void awaitRunsTheMailboxThatAnswers() throws Exception {
    Appliance a = hv.newAppliance("FGVM01TM00000001", "FGT");
    assertEquals("FGT", HypervisorDriver.of(hv).await(a.call(a::hostname)));
  }

  @Test
  void advancingTimeJumpsToATimerAYearAwayAtOnce() {
    long inAYear = START.plus(Duration.ofDays(365)).toEpochMilli();
    AtomicBoolean fired = new AtomicBoolean();
    hv.scheduler().schedule(inAYear, () -> fired.set(true));

    HypervisorDriver.of(hv).advancingTime().doWorkUntil(fired::get);

    assertTrue(fired.get());
    assertTrue(hv.clock().millis() >= inAYear, "virtual time moved to the timer");
  }

  @Test
  void withoutAdvancingTimeATimerStaysPending() {
    AtomicBoolean fired = new AtomicBoolean();
    hv.scheduler().schedule(START.plus(Duration.ofDays(1)).toEpochMilli(), () -> fired.set(true));

    HypervisorDriver.of(hv).settle(Duration.ofSeconds(5));

    assertFalse(fired.get());
    assertEquals(1, hv.scheduler().pendingTimers());
  }

  @Test
  void aSteppedClockStandsStillUntilStepped() {
    SteppedClock clock = new SteppedClock(START);
    assertEquals(START, clock.instant());
    clock.step(Duration.ofMinutes(5));
    assertEquals(START.plusSeconds(300), clock.instant());
    clock.set(START);
    assertEquals(START.toEpochMilli(), clock.millis());
  }
}
