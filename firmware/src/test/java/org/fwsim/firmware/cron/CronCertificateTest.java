package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.junit.jupiter.api.Test;

/** A certificate's parts: a renewal replaces the notAfter only; each part checks itself. */
class CronCertificateTest {

  static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

  @Test
  void aRenewalKeepsTheIdentityAndTheSettings() {
    CronCertificate before = TestCronCertificate.seed("c1", END).inVdom("vd1", 3).build();
    Instant later = END.plus(Duration.ofDays(365));

    CronCertificate after = before.withNotAfter(later);

    assertSame(before.identity(), after.identity());
    assertSame(before.renewal(), after.renewal());
    assertEquals(later, after.notAfter());
    assertEquals(
        "CronCertificate[local c1 (vdom vd1, vfid 3), days=7, days_warn=14, scep"
            + " http://10.5.149.111/app/cert/scep/, notAfter=2028-01-01T00:00:00Z]",
        after.toString());
  }

  @Test
  void theSettingsNeverPrintThePasswordAndNameTheCertificateWhenRefused() {
    RenewalSettings settings =
        new RenewalSettings(7, 0x1_0000_0000L, EnrollProtocol.SCEP, "http://ca/", "pw", null, 0);
    assertFalse(settings.toString().contains("pw"));
    assertEquals("", settings.caIdentifier());
    assertTrue(settings.watched());
    assertFalse(new RenewalSettings(0, 0, EnrollProtocol.NONE, "", "", "", Ip4.ANY).watched());

    CertificateIdentity id =
        new CertificateIdentity(
            "c1", CertificateIdentity.Type.LOCAL, CertificateIdentity.Range.GLOBAL, "root", 0);
    assertEquals(
        "certificate c1: auto-regenerate-days-warning must be 0 to 4294967295, got 4294967296",
        assertThrows(IllegalArgumentException.class, () -> new CronCertificate(id, settings, END))
            .getMessage());
  }

  @Test
  void theIdentityChecksItsScope() {
    assertEquals(
        "certificate c1: vfid must be >= 0, got -1",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new CertificateIdentity(
                        "c1",
                        CertificateIdentity.Type.CA,
                        CertificateIdentity.Range.VDOM,
                        "vd1",
                        -1))
            .getMessage());
  }
}
