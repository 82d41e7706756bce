package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
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
  void anAcmeStormNeedsAnRsaKeyAndAnExternalServerItsDnsAndTrust() {
    IllegalArgumentException ec =
        refused(EnrollProtocol.ACME2, "ec256", null, AcmeOptions.EMBEDDED);
    assertEquals(
        "--protocol acme needs an RSA --key (FortiOS's acme-rsa-key-size), got ec256",
        ec.getMessage());
    String url = "https://127.0.0.1:14000/dir";
    AcmeOptions dnsOnly = new AcmeOptions(new InetSocketAddress("127.0.0.1", 8053), 5002, null);
    assertTrue(
        refused(EnrollProtocol.ACME2, "rsa2048", url, AcmeOptions.EMBEDDED)
            .getMessage()
            .contains("--dns-listen ADDRESS:PORT"));
    assertTrue(
        refused(EnrollProtocol.ACME2, "rsa2048", url, dnsOnly).getMessage().contains("--ca-trust"));
    assertTrue(
        refused(EnrollProtocol.ACME2, "rsa2048", "http://127.0.0.1/dir", dnsOnly)
            .getMessage()
            .contains("https://ADDRESS:PORT/PATH"));
    assertTrue(
        refused(EnrollProtocol.ACME2, "rsa2048", null, dnsOnly)
            .getMessage()
            .contains("for an external ACME server (--ca)"));
    assertTrue(
        refused(EnrollProtocol.SCEP, "rsa2048", null, dnsOnly)
            .getMessage()
            .contains("for --protocol acme only"));
    AcmeFleet.check(EnrollProtocol.EST, "ec256", "https://127.0.0.1:8443", AcmeOptions.EMBEDDED);
    AcmeFleet.check(
        EnrollProtocol.ACME2,
        "rsa2048",
        url,
        new AcmeOptions(dnsOnly.dnsListen(), 5002, Path.of("trust.pem")));
  }

  @Test
  void theEmbeddedServersHttp01PortsAreBoundAsTheHostHandsThemOutAndAnExternalOnesPebbles() {
    // No port is found free, let go and bound later, where a second storm could take it: each
    // listener binds port 0 and the embedded server validates at the port bound.
    assertEquals(AcmeOptions.ANY_PORT, AcmeOptions.EMBEDDED.httpPort(false));
    assertEquals(AcmeOptions.DEFAULT_HTTP_PORT, AcmeOptions.EMBEDDED.httpPort(true));
    assertEquals(6000, new AcmeOptions(null, 6000, null).httpPort(false));
  }

  @Test
  void thePendingRatioIsRefusedWhereTheCaAnswersNonePending() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new StormSettings(
                    2,
                    1,
                    "rsa2048",
                    null,
                    null,
                    0.1,
                    null,
                    java.time.Duration.ZERO,
                    null,
                    null,
                    null,
                    null,
                    1,
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofMinutes(1),
                    0,
                    null,
                    null,
                    EnrollProtocol.ACME2,
                    null));
    assertTrue(e.getMessage().startsWith("--pending-ratio holds SCEP"), e.getMessage());
  }

  private static IllegalArgumentException refused(
      EnrollProtocol protocol, String key, String caUrl, AcmeOptions acme) {
    return assertThrows(
        IllegalArgumentException.class, () -> AcmeFleet.check(protocol, key, caUrl, acme));
  }
}
