package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronPolicyTest {

  private static final Instant NOT_AFTER = Instant.parse("2027-06-01T00:00:00Z");
  private static final long END = NOT_AFTER.toEpochMilli();
  private static final long NEVER = ScheduledCert.NEVER;
  private static final CronSettings WARN_14 = new CronSettings(14, ZoneOffset.UTC);
  private static final CronSettings NO_GLOBAL_WARNING = new CronSettings(0, ZoneOffset.UTC);

  private static ScheduledCert scheduled(CronCertificate c) {
    return new ScheduledCert(ScheduledCert.Key.of(c), c, 0);
  }

  private static CronCertificate renewing(long days, long warnDays) {
    return TestCronCertificate.local("c1", NOT_AFTER)
        .withDays(days, warnDays)
        .withScep("http://10.5.149.111/scep", "secret")
        .build();
  }

  private static long daysBefore(long days) {
    return END - Duration.ofDays(days).toMillis();
  }

  @Test
  void renewalPointIsAutoRegenerateDaysBeforeNotAfterAndWaitsForABackoff() {
    ScheduledCert s = scheduled(renewing(30, 0));
    assertEquals(daysBefore(30), CronPolicy.renewPoint(s.cert));
    assertEquals(daysBefore(30), CronPolicy.renewAt(s));
    s.retryAt = daysBefore(29);
    assertEquals(daysBefore(29), CronPolicy.renewAt(s), "a retry backs off past the point");
    s.retryAt = daysBefore(31);
    assertEquals(daysBefore(30), CronPolicy.renewAt(s), "an earlier retry time does not advance");
  }

  @Test
  void noRenewalWithoutScepOrWithZeroDays() {
    assertEquals(NEVER, CronPolicy.renewAt(scheduled(renewing(0, 0))));
    CronCertificate noScep = TestCronCertificate.local("c1", NOT_AFTER).withDays(30, 0).build();
    assertEquals(NEVER, CronPolicy.renewAt(scheduled(noScep)));
  }

  @Test
  void ownWarningOnceAndGlobalWarningOnlyWhenItComesEarlier() {
    ScheduledCert s = scheduled(renewing(0, 20));
    assertEquals(daysBefore(20), CronPolicy.warnAt(s));
    assertEquals(NEVER, CronPolicy.globalWarnAt(s, WARN_14), "own warning 20 days >= 14");
    s.warningLogged = true;
    assertEquals(NEVER, CronPolicy.warnAt(s));

    ScheduledCert late = scheduled(renewing(0, 2));
    assertEquals(daysBefore(14), CronPolicy.globalWarnAt(late, WARN_14));
    assertEquals(NEVER, CronPolicy.globalWarnAt(late, NO_GLOBAL_WARNING));
    late.globalWarned = true;
    assertEquals(NEVER, CronPolicy.globalWarnAt(late, WARN_14));
  }

  @Test
  void nextDueIsTheEarliestDeadlineAndTheWatchdogWhileInFlight() {
    ScheduledCert s = scheduled(renewing(10, 2));
    assertEquals(daysBefore(14), CronPolicy.nextDue(s, WARN_14), "global warning first");
    s.globalWarned = true;
    assertEquals(daysBefore(10), CronPolicy.nextDue(s, WARN_14), "then the renewal");
    s.renewal =
        new CertRenewer.Renewal() {
          @Override
          public void start() {}

          @Override
          public void cancel() {}
        };
    s.watchdogAt = daysBefore(9);
    assertEquals(daysBefore(9), CronPolicy.nextDue(s, WARN_14), "in flight: the watchdog");
    s.renewal = null;
    s.warningLogged = true;
    s.retryAt = END + 1;
    assertEquals(END, CronPolicy.nextDue(s, WARN_14), "notAfter before a late retry");
    s.expired = true;
    assertEquals(END + 1, CronPolicy.nextDue(s, WARN_14), "expired: only the retry is left");
  }

  @Test
  void nothingToDoIsNever() {
    ScheduledCert s = scheduled(TestCronCertificate.local("c1", NOT_AFTER).build());
    s.expired = true;
    assertEquals(NEVER, CronPolicy.nextDue(s, NO_GLOBAL_WARNING));
  }
}
