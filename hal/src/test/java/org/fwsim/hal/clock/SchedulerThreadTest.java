package org.fwsim.hal.clock;

import static org.fwsim.hal.testing.FastForwardAssertions.assertJumpsOnlyOnceQuiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scheduler on its own thread; waits are bounded latches, never sleeps. */
class SchedulerThreadTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void realtimeFiresAtTheDeadlineNotBefore() throws Exception {
    SimClock clock = SimClock.realtime(START);
    try (Scheduler scheduler = started(clock, "test-scheduler-rt")) {
      long deadline = clock.millis() + 50;
      long firedAt = firedAt(scheduler, clock, deadline);
      assertTrue(firedAt >= deadline, "fired early: " + (deadline - firedAt) + " ms");
    }
  }

  @Test
  void anEarlierTimerWakesTheWaitingThread() throws Exception {
    SimClock clock = SimClock.realtime(START);
    try (Scheduler scheduler = started(clock, "test-scheduler-wake")) {
      CountDownLatch late = new CountDownLatch(1);
      CountDownLatch soon = new CountDownLatch(1);
      scheduler.schedule(clock.millis() + Duration.ofHours(1).toMillis(), late::countDown);
      scheduler.schedule(clock.millis() + 20, soon::countDown);
      assertTrue(soon.await(5, TimeUnit.SECONDS), "earlier timer waited behind the one-hour timer");
      assertEquals(1, late.getCount());
      assertEquals(1, scheduler.pendingTimers());
    }
  }

  @Test
  void scaledTimeFiresAnHourInTheSeconds() throws Exception {
    SimClock clock = SimClock.scaled(START, 3_600); // an hour per real second
    try (Scheduler scheduler = started(clock, "test-scheduler-scaled")) {
      long deadline = clock.millis() + Duration.ofMinutes(6).toMillis(); // 100 real ms
      assertTrue(firedAt(scheduler, clock, deadline) >= deadline);
    }
  }

  @Test
  void aClockAdvanceWakesTheScheduler() throws Exception {
    SimClock clock = SimClock.realtime(START);
    try (Scheduler scheduler = started(clock, "test-scheduler-advance")) {
      CountDownLatch fired = new CountDownLatch(1);
      scheduler.schedule(clock.millis() + Duration.ofDays(1).toMillis(), fired::countDown);
      clock.advance(Duration.ofDays(2)); // console: sim clock advance 2d
      assertTrue(fired.await(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void fastForwardWaitsForQuietThenJumps() throws Exception {
    SimClock clock = SimClock.fastForward(START);
    Activity activity = new Activity();
    try (Scheduler scheduler = new Scheduler(clock, activity)) {
      activity.begin(); // a message in flight somewhere
      CountDownLatch fired = new CountDownLatch(1);
      long deadline = START.plus(Duration.ofDays(365)).toEpochMilli();
      scheduler.schedule(deadline, fired::countDown);
      scheduler.start("test-scheduler-ff");

      assertJumpsOnlyOnceQuiet(clock, START.toEpochMilli(), deadline, fired, activity::end);
    }
  }

  @Test
  void closeStopsAndJoinsTheThread() throws Exception {
    Activity busy = new Activity();
    busy.begin(); // keeps fast-forward from jumping to the timer below
    Scheduler scheduler = new Scheduler(SimClock.fastForward(START), busy);
    scheduler.start("test-scheduler-close");
    assertThrows(IllegalStateException.class, () -> scheduler.start("again"));
    scheduler.schedule(START.toEpochMilli() + 1_000_000, () -> {});
    scheduler.close();
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("test-scheduler-close") && t.isAlive()));
    assertEquals(1, scheduler.pendingTimers(), "close keeps pending timers");
  }

  /** Schedules a timer at {@code deadline} and returns the clock's time when it ran. */
  private static long firedAt(Scheduler scheduler, SimClock clock, long deadline)
      throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(1);
    AtomicLong firedAt = new AtomicLong();
    scheduler.schedule(
        deadline,
        () -> {
          firedAt.set(clock.millis());
          fired.countDown();
        });
    assertTrue(fired.await(5, TimeUnit.SECONDS), "timer did not fire");
    return firedAt.get();
  }

  /** A scheduler on {@code clock} with its own thread, named {@code thread}. */
  private static Scheduler started(SimClock clock, String thread) {
    Scheduler scheduler = new Scheduler(clock, new Activity());
    scheduler.start(thread);
    return scheduler;
  }
}
