package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    QuickStorms.Run r =
        QuickStorms.run(
            QuickStorms.settings(
                3,
                2,
                null,
                "test-challenge",
                FaultPlan.NONE,
                0,
                ScepFlow.FORTIOS,
                EnrollProtocol.EST));
    assertTrue(r.printed().contains("Embedded EST: https://10.5.149.111 user est"), r.printed());
    QuickStorms.assertEveryCertificateRenewed(r.outcome(), 6, r.printed());
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
