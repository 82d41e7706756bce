package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.testbench.ca.ScepCa;
import org.junit.jupiter.api.Test;

/**
 * {@code fwsim storm --protocol cmpv2} in-process against the embedded CA's {@code /pkix/}: every
 * certificate enrolled with an IR ({@code generate cmp}) and renewed by forticron with a KUR, each
 * renewal a new certificate the storm verified, and the CMP crypto bound measured.
 */
class StormCmpTest {

  private static StormSettings settings(
      int devices, int vdoms, String caUrl, String challenge, int maxInFlight) {
    return QuickStorms.settings(
        devices,
        vdoms,
        caUrl,
        challenge,
        FaultPlan.NONE,
        maxInFlight,
        ScepFlow.FORTIOS,
        EnrollProtocol.CMPV2);
  }

  @Test
  void everyCertificateIsEnrolledAndRenewedOverCmp() throws Exception {
    QuickStorms.Run r = QuickStorms.run(settings(3, 2, null, "test-challenge", 0));
    assertTrue(r.printed().contains("Embedded CA: http://10.5.149.111/pkix/"), r.printed());
    QuickStorms.assertEveryCertificateRenewed(r.outcome(), 6, r.printed());
    assertEquals("cmpv2", r.outcome().results().cryptoBound().method(), r.printed());
  }

  @Test
  void maxInFlightHoldsCmpRenewalsTooAndEveryOneEnds() throws Exception {
    // One place for the whole fleet: a renewal that kept its place would stall the others.
    QuickStorms.Run r = QuickStorms.run(settings(3, 1, null, "test-challenge", 1));
    QuickStorms.assertEveryCertificateRenewed(r.outcome(), 3, r.printed());
    assertEquals("1", r.outcome().results().parameters().get("--max-in-flight"), r.printed());
  }

  @Test
  void anExternalCmpServerOnLoopbackIsStormedThroughItsUrl() throws Exception {
    // As a separate ./fwsim ca: the storm renews a day past the CA's clock, at its renewal point.
    try (ScepCa ca =
        ScepCa.builder()
            .challenge("external-secret")
            .validity(Duration.ofDays(8))
            .timeWindow(Duration.ofDays(2))
            .workers(1)
            .build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));
      String url = ca.cmpUrl().toString();
      QuickStorms.Run r = QuickStorms.run(settings(2, 1, url, "external-secret", 0));
      assertTrue(r.printed().contains("External CA: " + url), r.printed());
      QuickStorms.assertEveryCertificateRenewed(r.outcome(), 2, r.printed());
      assertEquals(4, ca.certificates().size(), "two IRs and two KURs");
    }
  }

  @Test
  void anEcKeyOrAnExternalCaWithoutSecretIsRefusedBeforeAnythingStarts() {
    IllegalArgumentException ec =
        assertThrows(
            IllegalArgumentException.class,
            () -> StormSettings.checkProtocol(EnrollProtocol.CMPV2, "ec256", null, "c"));
    assertTrue(ec.getMessage().contains("RSA --key"), ec.getMessage());
    IllegalArgumentException secret =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StormSettings.checkProtocol(
                    EnrollProtocol.CMPV2, "rsa2048", "http://127.0.0.1:8080/pkix/", null));
    assertTrue(secret.getMessage().contains("--challenge"), secret.getMessage());
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StormSettings.checkProtocol(
                    EnrollProtocol.CMPV2, "rsa2048", "https://127.0.0.1/pkix/", "c"));
    assertTrue(url.getMessage().contains("http://"), url.getMessage());
  }
}
