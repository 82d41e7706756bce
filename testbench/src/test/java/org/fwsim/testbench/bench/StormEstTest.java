package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.junit.jupiter.api.Test;

/**
 * {@code fwsim storm --protocol est} in-process against the embedded CA's EST server: every
 * certificate enrolled with {@code generate est} and renewed by forticron over {@code
 * /simplereenroll}, each a new serial from the CA, and the EST crypto bound measured.
 */
class StormEstTest {

  @Test
  void everyCertificateIsEnrolledAndRenewedOverEst() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StormSettings settings =
        QuickStorms.settings(
            3, 2, null, "test-challenge", FaultPlan.NONE, 0, ScepFlow.FORTIOS, EnrollProtocol.EST);
    StormRun.Outcome o =
        StormRun.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), 1, 0);
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Embedded EST: https://10.5.149.111 user est"), printed);
    QuickStorms.assertEveryCertificateRenewed(o, 6, printed);
  }

  @Test
  void anUnknownProtocolIsRefusedBeforeAnythingStarts() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                QuickStorms.settings(
                    1, 1, null, "c", FaultPlan.NONE, 0, ScepFlow.FORTIOS, EnrollProtocol.ACME2));
    assertEquals("--protocol must be scep, est or cmpv2, got acme2", e.getMessage());
  }
}
