package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.client.FailureKind;
import org.junit.jupiter.api.Test;

/** Certificates living through virtual months: warnings, renewals, CA outages, PENDING, expiry. */
class ForticronLifecycleTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration DAY = Duration.ofDays(1);
  static final Duration LATENCY = Duration.ofSeconds(2);

  /** When "vpn" of {@link #vpnRig} expires, and when it is due (auto-regenerate-days 7). */
  static final Instant NOT_AFTER = START.plus(Duration.ofDays(10));

  static final Instant RENEW_AT = NOT_AFTER.minus(Duration.ofDays(7));

  /** A rig with the certificate "vpn" ending at {@link #NOT_AFTER}, its renewals answered so. */
  static CronRig vpnRig(FakeRenewer.Mode mode) {
    CronRig rig = new CronRig(START);
    rig.update(seedConfig("vpn", NOT_AFTER));
    rig.renewer.mode = mode;
    return rig;
  }

  /** The seed article's configuration: renew 7 days before expiry, warn 14 days before. */
  static CronCertificate seedConfig(String name, Instant notAfter) {
    return TestCronCertificate.seed(name, notAfter).build();
  }

  @Test
  void aYearOfNinetyDayCertificatesWarnsAtMinus14AndRenewsAtMinus7() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(seedConfig("vpn", START.plus(Duration.ofDays(90))));

      rig.runUntil(START.plus(Duration.ofDays(365)));

      List<LogEntry> succ = rig.logs(LogId.AUTO_GEN_CERT_SUCC);
      List<LogEntry> warnings = rig.logs(LogId.AUTO_UPT_CERT);
      // Renewal i happens at notAfter(i) - 7 days and yields notAfter(i+1) = then + latency + 90
      // days.
      List<Instant> expected = new ArrayList<>();
      Instant notAfter = START.plus(Duration.ofDays(90));
      while (notAfter.minus(Duration.ofDays(7)).isBefore(START.plus(Duration.ofDays(365)))) {
        expected.add(notAfter.minus(Duration.ofDays(7)));
        notAfter = notAfter.minus(Duration.ofDays(7)).plus(LATENCY).plus(Duration.ofDays(90));
      }
      assertTrue(expected.size() >= 3, "three cycles at least: " + expected);
      assertEquals(expected, rig.renewer.calls, "one renewal per cycle, at notAfter - 7 days");
      assertEquals(expected.size(), succ.size());
      assertEquals(expected.size(), rig.logs(LogId.VPN_CERT_UPDATE).size());
      assertEquals(List.of(), rig.logs(LogId.AUTO_GEN_CERT_FAIL));
      // One warning per certificate, 14 days before its notAfter (7 days before its renewal).
      assertEquals(expected.size(), warnings.size(), "no duplicate from cert-expire-warning 14");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(
            expected.get(i).minus(Duration.ofDays(7)).toEpochMilli(),
            warnings.get(i).epochMillis());
        assertEquals("warning", warnings.get(i).field("status"));
      }
      // New notAfter each time.
      assertEquals(expected.size(), succ.stream().map(e -> e.field("msg")).distinct().count());
      assertEquals(notAfter, rig.state("vpn").cert.notAfter());
      assertEquals(expected.size(), rig.cron.totalUpdates());
      assertEquals(1, rig.hv.scheduler().pendingTimers(), "only the cert_upd timer is left");
    }
  }

  @Test
  void caDownForTwoDaysIsRetriedWithBackoffThenRecovers() {
    try (CronRig rig = vpnRig(FakeRenewer.Mode.FAIL)) {

      rig.runUntil(RENEW_AT.plus(Duration.ofDays(2)));
      rig.renewer.mode = FakeRenewer.Mode.ISSUE;
      rig.runUntil(RENEW_AT.plus(Duration.ofDays(4)));

      // 5, 10, 20 ... 1280 minutes, then daily: 10 attempts fail in two days, the 11th succeeds.
      List<Instant> calls = rig.renewer.calls;
      assertEquals(11, calls.size(), "calls: " + calls);
      assertEquals(RENEW_AT, calls.get(0));
      for (int k = 1; k < calls.size(); k++) {
        Duration gap = Duration.between(calls.get(k - 1), calls.get(k));
        assertEquals(
            RetrySchedule.delay(k, false).plus(rig.spread("vpn")).plus(LATENCY),
            gap,
            "gap before attempt " + (k + 1));
      }
      assertEquals(10, rig.logs(LogId.AUTO_GEN_CERT_FAIL).size());
      assertEquals(10, rig.logs(LogId.VPN_CERT_UPDATE_FAILED).size());
      assertEquals(
          "connection refused", rig.logs(LogId.VPN_CERT_UPDATE_FAILED).get(0).field("reason"));
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_SUCC).size());
      ScheduledCert s = rig.state("vpn");
      assertEquals(0, s.failures, "success resets the backoff");
      assertFalse(s.inFlight());
      assertTrue(s.cert.notAfter().isAfter(NOT_AFTER));
    }
  }

  @Test
  void pendingIsLoggedOnceAndTheApprovalLaterRenews() {
    try (CronRig rig = vpnRig(FakeRenewer.Mode.PENDING_THEN_ISSUE)) {
      rig.renewer.approvalAfter = Duration.ofHours(6);

      rig.runUntil(RENEW_AT.plus(Duration.ofHours(1)));
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_PENDING).size());
      assertTrue(rig.state("vpn").inFlight());
      assertEquals(
          List.of(
              "Name-vpn: state=pending, failures=0, expired=0, give_up_at=2026-01-05 00:00:02 GMT"),
          rig.diagnose("3"));

      rig.runUntil(NOT_AFTER.minus(Duration.ofDays(6)));
      assertEquals(1, rig.renewer.calls.size(), "no second request while one is pending");
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_PENDING).size());
      assertEquals(1, rig.logs(LogId.AUTO_GEN_CERT_SUCC).size());
      assertEquals(
          RENEW_AT.plus(Duration.ofHours(6)).toEpochMilli(),
          rig.logs(LogId.AUTO_GEN_CERT_SUCC).get(0).epochMillis());
      assertEquals(List.of(), rig.logs(LogId.AUTO_GEN_CERT_FAIL));
    }
  }

  @Test
  void failureThenRecoveryKeepsTheCertificateAndRetriesAfterFiveMinutes() {
    try (CronRig rig = vpnRig(FakeRenewer.Mode.FAIL)) {
      rig.runUntil(RENEW_AT.plusSeconds(10));
      assertEquals(NOT_AFTER, rig.state("vpn").cert.notAfter(), "the current certificate stays");
      assertEquals(1, rig.state("vpn").failures);
      LogEntry fail = rig.logs(LogId.AUTO_GEN_CERT_FAIL).get(0);
      assertEquals(
          "Certificate vpn failed to auto-generate: connection refused; next attempt at"
              + " 2026-01-04 00:05:02 GMT",
          fail.field("msg"));

      rig.renewer.mode = FakeRenewer.Mode.ISSUE;
      rig.runUntil(RENEW_AT.plus(Duration.ofMinutes(10)));

      assertEquals(
          List.of(
              RENEW_AT, RENEW_AT.plus(Duration.ofMinutes(5)).plus(rig.spread("vpn")).plus(LATENCY)),
          rig.renewer.calls);
      ScheduledCert s = rig.state("vpn");
      assertEquals(0, s.failures);
      Instant renewed = s.cert.notAfter();
      assertEquals(
          RENEW_AT
              .plus(Duration.ofMinutes(5))
              .plus(rig.spread("vpn"))
              .plus(LATENCY)
              .plus(LATENCY)
              .plus(Duration.ofDays(90)),
          renewed);
      // The next renewal is at the new notAfter - 7 days, not on the old backoff.
      rig.runUntil(renewed.minus(Duration.ofDays(7)).minusSeconds(1));
      assertEquals(2, rig.renewer.calls.size());
      rig.runUntil(renewed.minus(Duration.ofDays(7)).plusSeconds(1));
      assertEquals(3, rig.renewer.calls.size());
    }
  }

  @Test
  void noAnswerIsAbandonedAfterTheTimeoutAndRetried() {
    try (CronRig rig = vpnRig(FakeRenewer.Mode.SILENT)) {

      rig.runUntil(RENEW_AT.plus(Forticron.ANSWER_TIMEOUT).plus(Duration.ofMinutes(6)));

      assertEquals(
          List.of(
              RENEW_AT,
              RENEW_AT
                  .plus(Forticron.ANSWER_TIMEOUT)
                  .plus(Duration.ofMinutes(5))
                  .plus(rig.spread("vpn"))),
          rig.renewer.calls);
      assertEquals(
          1, rig.renewer.cancels, "the silent renewal is cancelled before the next starts");
      assertEquals(
          "no answer after 30 minutes",
          rig.logs(LogId.VPN_CERT_UPDATE_FAILED).get(0).field("reason"));
    }
  }

  @Test
  void aCertificateNeverRenewedIsWarnedThenMarkedExpiredOnce() {
    try (CronRig rig = new CronRig(START)) {
      Instant notAfter = START.plus(Duration.ofDays(30));
      // enroll-protocol none: warnings only.
      rig.update(TestCronCertificate.local("manual", notAfter).withDays(0, 3).build());

      rig.runUntil(notAfter.plus(Duration.ofDays(60)));

      List<LogEntry> w = rig.logs(LogId.AUTO_UPT_CERT);
      assertEquals(
          List.of("warning", "warning", "expired"),
          w.stream().map(e -> e.field("status")).toList());
      assertEquals(
          notAfter.minus(Duration.ofDays(14)).toEpochMilli(),
          w.get(0).epochMillis(),
          "cert-expire-warning 14");
      assertTrue(w.get(0).field("msg").endsWith("(cert-expire-warning 14)"));
      assertEquals(
          notAfter.minus(Duration.ofDays(3)).toEpochMilli(), w.get(1).epochMillis(), "days_warn 3");
      assertEquals(notAfter.toEpochMilli(), w.get(2).epochMillis());
      assertEquals(0, rig.renewer.calls.size());
      assertTrue(rig.state("manual").expired);
    }
  }

  @Test
  void anExpiredCertificateIsRetriedDaily() {
    try (CronRig rig = vpnRig(FakeRenewer.Mode.FAIL)) {
      rig.runUntil(NOT_AFTER.plusSeconds(1));
      int before = rig.renewer.calls.size();
      assertEquals(
          1,
          rig.logs(LogId.AUTO_UPT_CERT).stream()
              .filter(e -> "expired".equals(e.field("status")))
              .count());

      rig.runUntil(NOT_AFTER.plus(Duration.ofDays(10)).plusSeconds(1));

      List<Instant> after = rig.renewer.calls.subList(before, rig.renewer.calls.size());
      assertTrue(after.size() >= 9 && after.size() <= 11, "about daily: " + after);
      for (int i = 1; i < after.size(); i++) {
        assertEquals(
            DAY.plus(rig.spread("vpn")).plus(LATENCY),
            Duration.between(after.get(i - 1), after.get(i)));
      }
      assertEquals(
          1,
          rig.logs(LogId.AUTO_UPT_CERT).stream()
              .filter(e -> "expired".equals(e.field("status")))
              .count(),
          "expiry is logged once");
    }
  }

  @Test
  void deletedCertificateLosesItsRenewalAndLateAnswersAreIgnored() {
    try (CronRig rig = new CronRig(START)) {
      Instant notAfter = START.plus(Duration.ofDays(10));
      rig.update(
          seedConfig("vpn", notAfter), seedConfig("other", notAfter.plus(Duration.ofDays(100))));
      rig.renewer.mode = FakeRenewer.Mode.PENDING_THEN_ISSUE;
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
      assertTrue(rig.state("vpn").inFlight());

      rig.update(seedConfig("other", notAfter.plus(Duration.ofDays(100))));
      rig.runUntil(notAfter.plus(Duration.ofDays(1)));

      assertEquals(1, rig.renewer.cancels);
      assertNull(rig.state("vpn"));
      assertEquals(List.of(), rig.logs(LogId.AUTO_GEN_CERT_SUCC));
      assertEquals(1, rig.cron.certificateCount());
    }
  }

  @Test
  void renewerThatThrowsIsAFailureWithItsMessage() {
    try (CronRig rig = new CronRig(START)) {
      rig.renewer.onRenew =
          c -> {
            throw new IllegalStateException("cert&pkey of " + c.name() + " not found");
          };
      Instant notAfter = START.plus(Duration.ofDays(10));
      rig.update(seedConfig("vpn", notAfter));
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plusSeconds(1));

      assertEquals(
          "cert&pkey of vpn not found",
          rig.logs(LogId.VPN_CERT_UPDATE_FAILED).get(0).field("reason"));
      assertEquals(0, rig.renewer.starts);
      assertFalse(rig.state("vpn").inFlight());
      assertNotEquals(0, rig.state("vpn").retryAt);
    }
  }

  @Test
  void theListenerHearsFailuresRenewalsAndExpiry() {
    try (CronRig rig = new CronRig(START)) {
      List<String> heard = new ArrayList<>();
      rig.run(
          () -> {
            rig.cron.addListener(
                new CronListener() {
                  @Override
                  public void expired(CronCertificate cert) {
                    heard.add("expired " + cert.name());
                  }

                  @Override
                  public void renewed(CronCertificate cert) {
                    heard.add("renewed " + cert.name() + " until " + cert.notAfter());
                  }

                  @Override
                  public void failed(
                      CronCertificate cert, FailureKind kind, String reason, Instant nextAttempt) {
                    heard.add("failed " + cert.name() + ": " + reason + ", next " + nextAttempt);
                    throw new IllegalStateException("a faulty listener");
                  }
                });
          });
      Instant notAfter = START.plus(Duration.ofDays(10));
      rig.update(
          seedConfig("vpn", notAfter),
          TestCronCertificate.local("old", START.plus(Duration.ofHours(1))).build());
      rig.renewer.mode = FakeRenewer.Mode.FAIL;
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plusSeconds(3));
      rig.renewer.mode = FakeRenewer.Mode.ISSUE;
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(6)));

      Duration spread = rig.spread("vpn");
      assertEquals(
          List.of(
              "expired old",
              "failed vpn: connection refused, next "
                  + Instant.parse("2026-01-04T00:05:02Z").plus(spread),
              "renewed vpn until " + Instant.parse("2026-04-04T00:05:04Z").plus(spread)),
          heard);
      assertEquals(0, rig.state("vpn").failures, "a throwing listener does not stop forticron");
    }
  }

  @Test
  void everyListenerHearsTheRenewalEvenWhenAnEarlierOneThrows() {
    try (CronRig rig = new CronRig(START)) {
      List<String> heard = new ArrayList<>();
      CronListener firmware =
          new CronListener() {
            @Override
            public void renewed(CronCertificate cert) {
              heard.add("firmware " + cert.name());
              throw new IllegalStateException("a faulty first listener");
            }
          };
      CronListener storm =
          new CronListener() {
            @Override
            public void renewed(CronCertificate cert) {
              heard.add("storm " + cert.name() + " until " + cert.notAfter());
            }
          };
      CronListener removed =
          new CronListener() {
            @Override
            public void renewed(CronCertificate cert) {
              heard.add("removed " + cert.name());
            }
          };
      rig.on(
          () -> {
            rig.cron.addListener(firmware);
            rig.cron.addListener(removed);
            rig.cron.addListener(storm);
            return rig.cron.removeListener(removed);
          });
      Instant notAfter = START.plus(Duration.ofDays(10));
      rig.update(seedConfig("vpn", notAfter));
      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plusSeconds(3));

      assertEquals(List.of("firmware vpn", "storm vpn until 2026-04-04T00:00:02Z"), heard);
      assertFalse(
          rig.on(() -> rig.cron.removeListener(removed)), "removed once, not there any more");
    }
  }
}
