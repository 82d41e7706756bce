package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimClockTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void fastForwardStandsStillUntilAdvancedOrSet() {
    SimClock clock = SimClock.fastForward(START);
    assertEquals(START, clock.instant());
    assertEquals(START.toEpochMilli(), clock.millis());

    clock.advance(Duration.ofDays(365));
    assertEquals(START.plus(Duration.ofDays(365)), clock.instant());

    clock.set(Instant.parse("2025-06-01T12:00:00Z"));
    assertEquals(Instant.parse("2025-06-01T12:00:00Z"), clock.instant(), "set may go backwards");
    clock.set(Instant.EPOCH);
    assertEquals(0, clock.millis());
  }

  @Test
  void advanceToOnlyMovesForward() {
    SimClock clock = SimClock.fastForward(START);
    assertTrue(clock.advanceTo(START.toEpochMilli() + 5));
    assertEquals(START.toEpochMilli() + 5, clock.millis());
    assertEquals(false, clock.advanceTo(START.toEpochMilli()));
    assertEquals(START.toEpochMilli() + 5, clock.millis());
  }

  @Test
  void badArgumentsAreRejectedWithAMessage() {
    SimClock clock = SimClock.fastForward(START);
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SimClock.scaled(START, 0));
    assertThrows(IllegalArgumentException.class, () -> clock.setScale(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> clock.setMode(ClockMode.SCALED));
  }

  @Test
  void realtimeFollowsRealTime() {
    SimClock clock = SimClock.realtime(START);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (clock.millis() < START.toEpochMilli() + 20 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(clock.millis() >= START.toEpochMilli() + 20, "realtime clock did not move in 5 s");
    // and not absurdly faster than real time
    assertTrue(clock.millis() < START.toEpochMilli() + 60_000);
  }

  @Test
  void scaledRunsFactorTimesFasterAndFastForwardFreezesIt() {
    SimClock clock = SimClock.scaled(START, 1000);
    long realStart = System.nanoTime();
    long deadline = realStart + TimeUnit.SECONDS.toNanos(5);
    while (clock.millis() < START.toEpochMilli() + 10_000 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long realMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - realStart);
    assertTrue(
        clock.millis() >= START.toEpochMilli() + 10_000,
        "10 virtual seconds took more than 5 real ones");
    assertTrue(realMillis < 5_000);
    assertEquals(1000.0, clock.factor());

    clock.setMode(ClockMode.FAST_FORWARD);
    long frozen = clock.millis();
    assertEquals(frozen, clock.millis());
    assertEquals(ClockMode.FAST_FORWARD, clock.mode());
    assertEquals(Long.MAX_VALUE, clock.realNanosUntil(frozen + 1));
    assertEquals(0, clock.realNanosUntil(frozen));
  }

  @Test
  void realNanosUntilDividesByTheFactor() {
    SimClock clock = SimClock.scaled(START, 100);
    clock.setMode(ClockMode.FAST_FORWARD);
    clock.setScale(100);
    long nanos = clock.realNanosUntil(clock.millis() + 10_000);
    // 10 virtual seconds at x100 are at most 100 real ms (less, as time runs while we ask)
    assertTrue(nanos <= TimeUnit.MILLISECONDS.toNanos(100) && nanos > 0, "got " + nanos);
  }

  @Test
  void listenersHearEveryChange() {
    SimClock clock = SimClock.fastForward(START);
    AtomicInteger changes = new AtomicInteger();
    clock.addListener(changes::incrementAndGet);
    clock.advance(Duration.ofSeconds(1));
    clock.set(START);
    clock.setScale(2);
    clock.advanceTo(clock.millis() + 1_000_000);
    assertEquals(4, changes.get());
  }
}
