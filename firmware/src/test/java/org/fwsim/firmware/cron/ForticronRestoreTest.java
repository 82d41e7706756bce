package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fwsim.firmware.log.LogId;
import org.junit.jupiter.api.Test;

/** A restarted appliance does not warn again about certificates it warned about before. */
class ForticronRestoreTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static CronCertificate branch() {
    // Warning point (notAfter - 7 days) two days behind the clock, renewal point ahead.
    return TestCronCertificate.local("branch", START.plus(Duration.ofDays(5)))
        .withDays(2, 7)
        .withScep("http://10.0.0.1/scep", "p")
        .build();
  }

  @Test
  void restoreTakesAPassedWarningPointAsAlreadyWarned() {
    try (CronRig rig = new CronRig(START)) {
      rig.run(
          () -> {
            rig.cron.settings(
                new CronSettings(CronSettings.DEFAULTS.certExpireWarningDays(), ZoneOffset.UTC));
            rig.cron.restore(List.of(branch()));
          });
      rig.runFor(Duration.ofHours(1));
      assertEquals(List.of(), rig.logs(LogId.AUTO_UPT_CERT), "no second warning after a restart");
      assertEquals(
          List.of(
              "Name-branch: type=local, realm=global, days=2, days_warn=7, source=0.0.0.0, warning_logged=1",
              "\tscep=http://10.0.0.1/scep",
              "\twarning_time=2025-12-30 00:00:00"),
          rig.diagnose("2"));

      // The renewal still happens at its point.
      rig.renewer.mode = FakeRenewer.Mode.SILENT;
      rig.runUntil(START.plus(Duration.ofDays(3)).plusSeconds(1));
      assertEquals(1, rig.renewer.calls.size());
    }
  }

  @Test
  void aCertificateFoundLateOutsideARestartIsWarnedAtOnce() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(branch());
      rig.runFor(Duration.ofHours(1));
      // its own 7-day warning and the global cert-expire-warning (14 days), both already due
      assertEquals(2, rig.logs(LogId.AUTO_UPT_CERT).size());
    }
  }

  @Test
  void restoreLeavesWarningPointsStillAheadScheduled() {
    try (CronRig rig = new CronRig(START)) {
      CronCertificate later =
          TestCronCertificate.local("later", START.plus(Duration.ofDays(30)))
              .withDays(2, 7)
              .withScep("http://10.0.0.1/scep", "p")
              .build();
      rig.run(
          () -> {
            rig.cron.settings(new CronSettings(0, CronSettings.DEFAULT_TIMEZONE));
            rig.cron.restore(List.of(later));
          });
      rig.runUntil(START.plus(Duration.ofDays(23)).plusSeconds(1));
      assertEquals(1, rig.logs(LogId.AUTO_UPT_CERT).size());
    }
  }
}
