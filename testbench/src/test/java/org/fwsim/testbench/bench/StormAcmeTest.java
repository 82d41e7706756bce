package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.junit.jupiter.api.Test;

/**
 * {@code fwsim storm --protocol acme} in-process against the embedded CA's ACME server: every
 * certificate enrolled from its entry's commit (HTTP-01 answered on its VDOM's port, validated
 * through the fleet's address mapping) and renewed by forticron in its {@code acme-renew-window},
 * each verified against the CA; the ACME crypto bound measured in the same run.
 */
class StormAcmeTest {

  @Test
  void everyCertificateIsEnrolledAndRenewedOverAcme() throws Exception {
    QuickStorms.Run r =
        QuickStorms.run(
            QuickStorms.settings(
                3, 2, null, null, FaultPlan.NONE, 0, ScepFlow.FORTIOS, EnrollProtocol.ACME2));
    assertTrue(
        r.printed().contains("Embedded ACME: https://10.5.149.111/acme/directory"), r.printed());
    QuickStorms.assertEveryCertificateRenewed(r.outcome(), 6, r.printed());
    StormRun.Outcome o = r.outcome();
    assertEquals("acme", o.results().cryptoBound().method());
  }

  @Test
  void anAcmeStormNeedsAnRsaKeyAndTheEmbeddedCa() {
    IllegalArgumentException ec =
        assertThrows(
            IllegalArgumentException.class,
            () -> AcmeFleet.check(EnrollProtocol.ACME2, "ec256", null));
    assertEquals(
        "--protocol acme needs an RSA --key (FortiOS's acme-rsa-key-size), got ec256",
        ec.getMessage());
    IllegalArgumentException external =
        assertThrows(
            IllegalArgumentException.class,
            () -> AcmeFleet.check(EnrollProtocol.ACME2, "rsa2048", "https://127.0.0.1:14000/dir"));
    assertEquals(
        "--protocol acme runs against the embedded CA's ACME server only: drop --ca",
        external.getMessage());
    AcmeFleet.check(EnrollProtocol.EST, "ec256", "https://127.0.0.1:8443"); // not ACME's business
  }
}
