package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;

/** The scheduler driven by the test thread: no threads, fully deterministic. */
class SchedulerTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long T0 = START.toEpochMilli();

  private final SimClock clock = SimClock.fastForward(START);
  private final Activity activity = new Activity();
  private final List<Throwable> errors = new ArrayList<>();
  private final Scheduler scheduler = new Scheduler(clock, activity, errors::add);

  @Test
  void awaitNoneDueAnswersAtOnceWhenNothingIsDueAndGivesUpWhileADueTimerWaitsToBeTaken()
      throws Exception {
    scheduler.schedule(T0 + 100, () -> {});
    assertTrue(scheduler.awaitNoneDue(0, TimeUnit.MILLISECONDS), "a timer ahead is not due");
    clock.advanceTo(T0 + 100);
    assertFalse(
        scheduler.awaitNoneDue(1, TimeUnit.MILLISECONDS), "nobody takes the due timer here");
    assertEquals(1, scheduler.runDue());
    assertTrue(scheduler.awaitNoneDue(0, TimeUnit.MILLISECONDS));

    Timer cancelled = scheduler.schedule(T0 + 100, () -> {});
    assertFalse(scheduler.awaitNoneDue(0, TimeUnit.MILLISECONDS));
    cancelled.cancel();
    assertTrue(scheduler.awaitNoneDue(0, TimeUnit.MILLISECONDS), "a cancelled timer is not due");
  }

  /**
   * The waiter wakes when another thread takes the due timer, not when its bound (an hour) runs
   * out: the timer is taken only once the waiter is seen parked inside {@code awaitNoneDue}, so
   * only the wake-up can end its wait before the join's bound.
   */
  @Test
  void awaitNoneDueWakesWhenAnotherThreadTakesTheDueTimer() throws Exception {
    clock.advanceTo(T0 + 100);
    scheduler.schedule(T0 + 100, () -> {});
    TestThread waiter =
        TestThread.start(
            "test-waiter",
            () -> assertTrue(scheduler.awaitNoneDue(1, TimeUnit.HOURS), "woken by the take"));
    assertEquals(
        Thread.State.TIMED_WAITING,
        waiter.awaitParkedOrEnded(),
        "the waiter waits while the timer is due");
    assertEquals(1, scheduler.runDue());
    waiter.join(Duration.ofSeconds(20));
  }

  @Test
  void firesInDeadlineOrderAndTiesInSchedulingOrder() {
    List<String> fired = new ArrayList<>();
    scheduler.schedule(T0 + 300, () -> fired.add("c"));
    scheduler.schedule(T0 + 100, () -> fired.add("a1"));
    scheduler.schedule(T0 + 200, () -> fired.add("b"));
    scheduler.schedule(T0 + 100, () -> fired.add("a2"));
    scheduler.schedule(T0 + 100, () -> fired.add("a3"));

    assertEquals(0, scheduler.runDue(), "nothing is due before its deadline");
    assertEquals(OptionalLong.of(T0 + 100), scheduler.nextDeadline());
    assertEquals(3, scheduler.advanceToNextDeadline());
    assertEquals(List.of("a1", "a2", "a3"), fired);
    assertEquals(T0 + 100, clock.millis(), "the clock stops at the deadline, not beyond");

    clock.advance(Duration.ofMillis(500));
    assertEquals(2, scheduler.runDue());
    assertEquals(List.of("a1", "a2", "a3", "b", "c"), fired);
    assertEquals(0, scheduler.pendingTimers());
    assertEquals(0, scheduler.advanceToNextDeadline());
  }

  @Test
  void aPastDeadlineFiresAtOnceWithoutMovingTheClock() {
    List<String> fired = new ArrayList<>();
    scheduler.schedule(T0 - 1_000, () -> fired.add("late"));
    assertEquals(1, scheduler.advanceToNextDeadline());
    assertEquals(List.of("late"), fired);
    assertEquals(T0, clock.millis());
  }

  @Test
  void cancelRemovesAPendingTimerOnly() {
    List<String> fired = new ArrayList<>();
    Timer keep = scheduler.schedule(T0 + 10, () -> fired.add("keep"));
    Timer drop = scheduler.schedule(T0 + 5, () -> fired.add("drop"));
    assertTrue(drop.isPending());
    assertTrue(drop.cancel());
    assertFalse(drop.cancel(), "second cancel is a no-op");
    assertFalse(drop.isPending());
    assertEquals(1, scheduler.pendingTimers());

    assertEquals(1, scheduler.advanceToNextDeadline());
    assertEquals(List.of("keep"), fired);
    assertEquals(T0 + 10, clock.millis(), "the cancelled deadline was not visited");
    assertFalse(keep.cancel(), "a fired timer cannot be cancelled");
  }

  @Test
  void aTaskMayCancelAnEquallyDueTimer() {
    List<String> fired = new ArrayList<>();
    Timer[] second = new Timer[1];
    scheduler.schedule(
        T0,
        () -> {
          fired.add("first");
          second[0].cancel();
        });
    second[0] = scheduler.schedule(T0, () -> fired.add("second"));
    assertEquals(1, scheduler.runDue());
    assertEquals(List.of("first"), fired);
  }

  @Test
  void aTaskMayScheduleMoreWorkThatIsAlreadyDue() {
    List<String> fired = new ArrayList<>();
    scheduler.schedule(
        T0,
        () -> {
          fired.add("outer");
          scheduler.schedule(T0, () -> fired.add("inner"));
        });
    assertEquals(2, scheduler.runDue());
    assertEquals(List.of("outer", "inner"), fired);
  }

  @Test
  void manyTimersWithRandomCancelsMatchAReferenceOrder() {
    SplittableRandom random = new SplittableRandom(42);
    int n = 100_000;
    List<Timer> timers = new ArrayList<>(n);
    long[] firedAt = new long[n];
    int[] fireOrder = new int[n];
    int[] count = {0};
    boolean[] cancelled = new boolean[n];
    for (int i = 0; i < n; i++) {
      int id = i;
      long deadline = T0 + random.nextInt(1_000_000);
      timers.add(
          scheduler.schedule(
              deadline,
              () -> {
                firedAt[id] = clock.millis();
                fireOrder[count[0]++] = id;
              }));
    }
    int cancels = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        assertTrue(timers.get(i).cancel());
        cancelled[i] = true;
        cancels++;
      }
    }
    assertEquals(n - cancels, scheduler.pendingTimers());
    while (scheduler.advanceToNextDeadline() > 0) {
      // drive to the end
    }
    assertEquals(n - cancels, count[0]);
    for (int k = 0; k < count[0]; k++) {
      Timer t = timers.get(fireOrder[k]);
      assertFalse(cancelled[fireOrder[k]], "a cancelled timer fired");
      assertEquals(t.deadlineMillis(), firedAt[fireOrder[k]], "fired at its deadline");
      if (k > 0) {
        Timer prev = timers.get(fireOrder[k - 1]);
        assertTrue(
            prev.deadlineMillis() < t.deadlineMillis()
                || prev.deadlineMillis() == t.deadlineMillis() && fireOrder[k - 1] < fireOrder[k],
            "out of order at " + k);
      }
    }
  }

  @Test
  void fastForwardJumpsOnlyWhenQuiet() {
    List<String> fired = new ArrayList<>();
    scheduler.schedule(T0 + Duration.ofDays(30).toMillis(), () -> fired.add("renew"));

    activity.begin(); // a mailbox with a message in flight
    assertEquals(0, scheduler.doWork());
    assertEquals(T0, clock.millis(), "jumped while a message was in flight");
    activity.ioStarted();
    activity.end(); // the message finished but left a socket connect in flight
    assertEquals(0, scheduler.doWork());
    assertEquals(T0, clock.millis(), "jumped while IO was in flight");
    activity.ioFinished();

    assertEquals(1, scheduler.doWork());
    assertEquals(List.of("renew"), fired);
    assertEquals(T0 + Duration.ofDays(30).toMillis(), clock.millis());
  }

  @Test
  void doWorkDoesNotJumpOutsideFastForward() {
    clock.setScale(1e-9); // practically frozen, but not fast-forward
    scheduler.schedule(T0 + 1_000, () -> {});
    assertEquals(0, scheduler.doWork());
    assertTrue(clock.millis() < T0 + 1_000);
  }

  @Test
  void aThrowingTaskIsCountedAndDoesNotStopTheOthers() {
    List<String> fired = new ArrayList<>();
    scheduler.schedule(
        T0,
        () -> {
          throw new IllegalStateException("boom");
        });
    scheduler.schedule(T0, () -> fired.add("after"));
    assertEquals(2, scheduler.runDue());
    assertEquals(List.of("after"), fired);
    assertEquals(1, scheduler.taskErrors());
    assertEquals("boom", errors.get(0).getMessage());
  }

  @Test
  void scheduleAfterIsRelativeToTheClock() {
    clock.advance(Duration.ofHours(1));
    Timer t = scheduler.scheduleAfter(Duration.ofMinutes(5), () -> {});
    assertEquals(T0 + Duration.ofMinutes(65).toMillis(), t.deadlineMillis());
    assertThrows(
        IllegalArgumentException.class,
        () -> scheduler.scheduleAfter(Duration.ofSeconds(-1), () -> {}));
    assertThrows(NullPointerException.class, () -> scheduler.schedule(T0, null));
  }
}
