package org.fwsim.hal.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.clock.ApplianceClock;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.SimClock;
import org.junit.jupiter.api.Test;

/**
 * Clock, scheduler and mailboxes together, with no threads: a year of daily timers in milliseconds.
 */
class VirtualYearTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long DAY = Duration.ofDays(1).toMillis();

  /** A cert_upd-like daemon: a daily timer whose task posts to the mailbox, which re-arms it. */
  private static final class DailyCheck {
    final Mailbox mailbox;
    final Scheduler scheduler;
    final ApplianceClock clock;
    final List<Instant> runs = new ArrayList<>();

    DailyCheck(Mailbox mailbox, Scheduler scheduler, ApplianceClock clock) {
      this.mailbox = mailbox;
      this.scheduler = scheduler;
      this.clock = clock;
    }

    void arm(long simDeadline) {
      scheduler.schedule(simDeadline, () -> mailbox.execute(this::run));
    }

    void run() {
      runs.add(clock.instant());
      arm(scheduler.clock().millis() + DAY);
    }
  }

  @Test
  void aYearOfDailyTimersOnTwoAppliancesRunsInOrder() {
    SimClock sim = SimClock.fastForward(START);
    Activity activity = new Activity();
    Scheduler scheduler = new Scheduler(sim, activity);
    WorkerPool pool = new WorkerPool("year", 0, activity);

    ApplianceClock skewed = new ApplianceClock(sim);
    skewed.setOffset(Duration.ofMinutes(-5));
    DailyCheck a = new DailyCheck(pool.newMailbox("FGT-A"), scheduler, new ApplianceClock(sim));
    DailyCheck b = new DailyCheck(pool.newMailbox("FGT-B"), scheduler, skewed);
    a.arm(START.toEpochMilli() + DAY);
    b.arm(START.toEpochMilli() + DAY);

    long end = START.plus(Duration.ofDays(365)).toEpochMilli();
    int fired = scheduler.runUntil(end, pool::runUntilIdle);

    assertEquals(730, fired);
    assertEquals(365, a.runs.size());
    assertEquals(START.plus(Duration.ofDays(1)), a.runs.get(0));
    assertEquals(START.plus(Duration.ofDays(365)), a.runs.get(364));
    assertEquals(
        START.plus(Duration.ofDays(365)).minus(Duration.ofMinutes(5)),
        b.runs.get(364),
        "the skewed appliance sees its own time");
    assertEquals(end, sim.millis());
    assertEquals(2, scheduler.pendingTimers(), "both re-armed for the next day");
    assertTrue(activity.isQuiet());
  }
}
