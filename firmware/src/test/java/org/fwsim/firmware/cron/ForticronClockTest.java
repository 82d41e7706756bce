package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.junit.jupiter.api.Test;

/**
 * {@code execute date} (the appliance clock's offset) and {@code sim clock set} move time under
 * forticron: past deadlines fire once, retries keep their backoff, and a CA whose clock disagrees
 * does not get hammered.
 */
class ForticronClockTest {

  static final Instant START = ForticronLifecycleTest.START;

  static CronCertificate cert(Instant notAfter) {
    return ForticronLifecycleTest.seedConfig("vpn", notAfter);
  }

  /** A rig holding a certificate that expires at {@code notAfter}, whose renewals all fail. */
  private static CronRig failingRig(Instant notAfter) {
    CronRig rig = new CronRig(START);
    rig.update(cert(notAfter));
    rig.renewer.mode = FakeRenewer.Mode.FAIL;
    return rig;
  }

  static long count(CronRig rig, String status) {
    return rig.logs(LogId.AUTO_UPT_CERT).stream()
        .filter(e -> status.equals(e.field("status")))
        .count();
  }

  @Test
  void executeDateForwardPastEveryDeadlineFiresEachOnce() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(cert(START.plus(Duration.ofDays(20))));
      rig.runFor(Duration.ofHours(1));

      rig.setClockOffset(Duration.ofDays(30)); // execute date, a month ahead
      rig.runFor(Duration.ofDays(10));

      assertEquals(1, rig.renewer.calls.size(), "one renewal, not one per missed deadline");
      assertEquals(1, count(rig, "warning"));
      assertEquals(1, count(rig, "expired"));
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_SUCC).size());
      // The CA (not skewed) issued 90 days from its time: 60 days left on the appliance's clock.
      assertFalse(rig.state("vpn").expired);
      assertEquals(0, rig.state("vpn").failures);
    }
  }

  @Test
  void anOffsetChangeNobodyReportedIsNoticedWithinADay() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(cert(START.plus(Duration.ofDays(20))));
      rig.runFor(Duration.ofHours(1));
      rig.appliance.clock().setOffset(Duration.ofDays(30));

      rig.runFor(Duration.ofDays(1));

      assertEquals(1, rig.renewer.calls.size());
      assertTrue(
          Duration.between(START, rig.renewer.calls.get(0)).compareTo(Duration.ofDays(31)) <= 0);
    }
  }

  @Test
  void clockSetBackwardDoesNotRepeatWarningsAndKeepsTheRetryWithinItsBackoff() {
    Instant notAfter = START.plus(Duration.ofDays(10));
    try (CronRig rig = failingRig(notAfter)) {
      // 9 failures: the next delay is the 1-day cap.
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(2556)));
      int failures = rig.state("vpn").failures;
      assertEquals(10, failures);
      int calls = rig.renewer.calls.size();
      long warnings = count(rig, "warning");

      // sim clock set back two hours: the retry must not move two hours further away.
      rig.sim.set(rig.sim.instant().minus(Duration.ofHours(2)));
      rig.run(() -> rig.cron.clockChanged());
      assertEquals(
          1, rig.hv.scheduler().pendingTimers(), "the old timer was replaced, not added to");
      assertTrue(
          rig.on(() -> rig.cron.nextRun())
              .orElseThrow()
              .isBefore(rig.appliance.clock().instant().plus(Duration.ofDays(1)).plusSeconds(1)));
      rig.runFor(Duration.ofDays(1).plusMinutes(1));

      assertEquals(calls + 1, rig.renewer.calls.size(), "exactly one attempt within the next day");
      assertEquals(warnings, count(rig, "warning"), "the warning is not logged again");
    }
  }

  @Test
  void executeDateBackwardBeforeTheRenewalPointWaitsForIt() {
    Instant notAfter = START.plus(Duration.ofDays(10));
    try (CronRig rig = failingRig(notAfter)) {
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plusSeconds(10));
      assertEquals(1, rig.renewer.calls.size());

      rig.setClockOffset(Duration.ofDays(-5));
      rig.runFor(Duration.ofDays(4));
      assertEquals(1, rig.renewer.calls.size(), "the appliance is before its renewal point again");

      rig.renewer.mode = FakeRenewer.Mode.ISSUE;
      rig.runFor(Duration.ofDays(1).plusMinutes(10));
      assertEquals(2, rig.renewer.calls.size());
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_SUCC).size());
    }
  }

  @Test
  void aCaWhoseClockIsBehindIsNotHammered() {
    try (CronRig rig = new CronRig(START)) {
      // The CA's clock is 5 days behind: a 10-day certificate lands 5 days before notAfter,
      // inside auto-regenerate-days 7, every time.
      rig.renewer.caSkew = Duration.ofDays(-5);
      rig.renewer.validity = Duration.ofDays(10);
      Instant notAfter = START.plus(Duration.ofDays(10));
      rig.update(cert(notAfter));

      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plus(Duration.ofDays(10)));

      List<Instant> calls = rig.renewer.calls;
      assertTrue(
          calls.size() <= 20, "backoff, not a loop: " + calls.size() + " requests in 10 days");
      for (int k = 1; k < calls.size(); k++) {
        Duration gap = Duration.between(calls.get(k - 1), calls.get(k));
        assertEquals(
            RetrySchedule.delay(k, false).plus(rig.spread("vpn")).plus(Duration.ofSeconds(2)), gap);
      }
      List<LogEntry> retries =
          rig.logs(LogId.AUTO_UPT_CERT).stream()
              .filter(e -> "retry".equals(e.field("status")))
              .toList();
      assertEquals(calls.size(), retries.size());
      assertTrue(
          retries.get(0).field("msg").contains("CA clock behind?"), retries.get(0).field("msg"));
    }
  }

  @Test
  void anApplianceClockAYearAheadAsksTheCaAtMostDaily() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(cert(START.plus(Duration.ofDays(90))));
      rig.setClockOffset(Duration.ofDays(365));

      rig.runFor(Duration.ofDays(10));

      // Every certificate the CA issues is expired on the appliance's clock: daily from the first.
      assertTrue(rig.renewer.calls.size() <= 11, "calls: " + rig.renewer.calls.size());
      assertTrue(rig.renewer.calls.size() >= 10, "keeps trying: " + rig.renewer.calls.size());
    }
  }
}
