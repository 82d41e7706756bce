package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fwsim.firmware.config.EnrollProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * forticron's trace of a renewal names the protocol that renews it: KB-420924's {@code scep}
 * functions for SCEP, and {@code est}, {@code cmp} or {@code acme} in the same places for the
 * others, never SCEP's.
 */
class ForticronProtocolTraceTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  @ParameterizedTest
  @CsvSource({"SCEP,scep", "EST,est", "CMPV2,cmp", "ACME2,acme"})
  void theRenewalsTraceNamesItsProtocol(EnrollProtocol protocol, String name) {
    try (CronRig rig = new CronRig(START)) {
      rig.renewer.mode = FakeRenewer.Mode.SILENT;
      Instant notAfter = START.plus(Duration.ofDays(30));
      rig.update(
          TestCronCertificate.local("CERT", notAfter)
              .withDays(7, 0)
              // The server's URL where forticron keeps it (scep-url, or acme-ca-url for ACME).
              .withScep("https://10.5.149.111/", "")
              .withProtocol(protocol)
              .build());
      rig.traceOn();
      rig.sink.clear();

      rig.runUntil(notAfter.minus(Duration.ofDays(7)).plusSeconds(60));

      List<String> lines = rig.sink.lines();
      assertTrue(
          lines.contains(
              "__local_"
                  + name
                  + "_auto_regenerate()-97: Auto regenerate certificate-CERT, vfid-0, global-1."),
          lines::toString);
      assertTrue(lines.contains("fcron_start_cert_" + name + "()-858: Added and Start cert CERT"));
      assertEquals(
          name.equals("scep"),
          lines.stream().anyMatch(l -> l.contains("scep")),
          () -> "only a SCEP renewal's trace says scep: " + lines);
      assertEquals(1, rig.renewer.calls.size());
    }
  }
}
