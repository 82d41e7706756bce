package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message naming it; the diagnose menu and other options. */
class ForticronInputTest {

  static final Instant START = ForticronLifecycleTest.START;

  @Test
  void certificateFieldsAreValidated() {
    Instant t = START;
    assertEquals(
        "certificate name must not be empty",
        assertThrows(
                IllegalArgumentException.class, () -> TestCronCertificate.local(" ", t).build())
            .getMessage());
    assertEquals(
        "certificate x: auto-regenerate-days must be 0 to 4294967295, got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> TestCronCertificate.local("x", t).withDays(-1, 0).build())
            .getMessage());
    assertEquals(
        "certificate x: notAfter",
        assertThrows(NullPointerException.class, () -> TestCronCertificate.local("x", null).build())
            .getMessage());
    assertFalse(
        TestCronCertificate.local("x", t)
            .withScep("http://ca/", "secret")
            .build()
            .toString()
            .contains("secret"));
    assertFalse(
        TestCronCertificate.local("x", t).withDays(7, 14).build().autoRenews(),
        "no scep, no renewal");
    assertTrue(
        TestCronCertificate.ca("ca", t)
            .withDays(3, 2)
            .withScep("http://ca/", "")
            .build()
            .autoRenews());
    assertEquals(
        "cert-expire-warning must be 0 to 100 days, got 101",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CronSettings(101, CronSettings.DEFAULT_TIMEZONE))
            .getMessage());
    assertEquals(
        "a SUCCESS outcome needs the new certificate's notAfter",
        assertThrows(IllegalArgumentException.class, () -> RenewOutcome.success(null))
            .getMessage());
  }

  @Test
  void duplicateCertificatesAreRefusedAndNothingChanges() {
    try (CronRig rig = new CronRig(START)) {
      CronCertificate a = ForticronLifecycleTest.seedConfig("a", START.plus(Duration.ofDays(30)));
      rig.update(a);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  rig.update(
                      ForticronLifecycleTest.seedConfig("b", START.plus(Duration.ofDays(30))),
                      a,
                      a));
      assertEquals("certificate a appears twice in the global scope (local)", e.getMessage());
      assertEquals(1, rig.cron.certificateCount());
      // The same name in a VDOM is another certificate.
      rig.update(
          a,
          TestCronCertificate.seed("a", START.plus(Duration.ofDays(30)))
              .inVdom("customer", 1)
              .build());
      assertEquals(2, rig.cron.certificateCount());
    }
  }

  @Test
  void menuOptionsAndErrors() {
    try (CronRig rig = new CronRig(START)) {
      assertEquals(ForticronDiagnose.MENU, rig.diagnose());
      assertTrue(rig.diagnose().get(1).startsWith("2. "));
      assertEquals(
          "diagnose test application forticron: no option 7 (1-3)",
          assertThrows(IllegalArgumentException.class, () -> rig.diagnose("7")).getMessage());
      assertEquals(
          "diagnose test application forticron: option must be a number (1-3), got 'x'",
          assertThrows(IllegalArgumentException.class, () -> rig.diagnose("x")).getMessage());
      assertEquals(
          List.of(
              "cert_upd timer: not armed",
              "certificates: 0, scheduled: 0, renewing: 0, retrying: 0",
              "total_updates: 0, last_updated: never, renewals_started: 0",
              "cert-expire-warning: 14 days"),
          rig.diagnose("1"));
    }
  }

  @Test
  void option2ShowsVdomCaAndUnwarnedCertificatesAndSkipsUnscheduledOnes() {
    try (CronRig rig = new CronRig(START)) {
      rig.run(
          () ->
              rig.cron.settings(
                  new CronSettings(CronSettings.DEFAULTS.certExpireWarningDays(), ZoneOffset.UTC)));
      rig.update(
          TestCronCertificate.local("Fortinet_Factory", START.plus(Duration.ofDays(4000))).build(),
          TestCronCertificate.local("branch", START.plus(Duration.ofDays(5)))
              .withDays(2, 7)
              .withScep("http://10.0.0.1/scep", "p")
              .inVdom("customer", 3)
              .withSourceIp(Ip4.parse("10.1.1.1"))
              .build(),
          TestCronCertificate.ca("corp-ca", START.plus(Duration.ofDays(300)))
              .withDays(3, 2)
              .withScep("http://10.0.0.1/scep", "")
              .build());
      rig.runFor(Duration.ofMinutes(1));
      assertEquals(
          List.of(
              "Name-branch: type=local, realm=vdom, days=2, days_warn=7, source=10.1.1.1, warning_logged=1",
              "\tscep=http://10.0.0.1/scep",
              "\twarning_time=2026-01-01 00:00:00",
              "Name-corp-ca: type=ca, realm=global, days=3, days_warn=2, source=0.0.0.0, warning_logged=0",
              "\tscep=http://10.0.0.1/scep"),
          rig.diagnose("2"));
      assertEquals("customer", rig.logs(org.fwsim.firmware.log.LogId.AUTO_UPT_CERT).get(0).vdom());
    }
  }

  @Test
  void option2NamesTheProtocolThatRenewsEachCertificate() {
    try (CronRig rig = new CronRig(START)) {
      rig.update(
          TestCronCertificate.ca("est-ca", START.plus(Duration.ofDays(300)))
              .withDays(3, 0)
              .withServer(EnrollProtocol.EST, "https://10.0.0.2:8443")
              .build(),
          TestCronCertificate.local("acme", START.plus(Duration.ofDays(300)))
              .withDays(30, 0)
              .withServer(EnrollProtocol.ACME2, "https://10.0.0.3:14000/dir")
              .build());
      assertEquals(
          List.of(
              "Name-est-ca: type=ca, realm=global, days=3, days_warn=0, source=0.0.0.0, warning_logged=0",
              "\test=https://10.0.0.2:8443",
              "Name-acme: type=local, realm=global, days=30, days_warn=0, source=0.0.0.0, warning_logged=0",
              "\tacme=https://10.0.0.3:14000/dir"),
          rig.diagnose("2"));
    }
  }
}
