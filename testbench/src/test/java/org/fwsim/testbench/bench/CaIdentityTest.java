package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.testbench.ca.ScepCa;
import org.junit.jupiter.api.Test;

/** The key store's GetCACert lookup over the firmware's Netty SCEP client. */
class CaIdentityTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aRunningCaIsKnownByItsCertificatesHash() throws IOException {
    try (ScepCa ca = ScepCa.builder().meterRegistry(new SimpleMeterRegistry()).workers(1).build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));
      String id = CaIdentity.fetch(ca.url().toString(), TIMEOUT, "--fresh-keys");
      assertEquals(ca.fingerprint().replace(":", "").toLowerCase(Locale.ROOT), id);
    }
  }

  @Test
  void aCmpServerIsKnownByItsUrlWithoutAsking() throws IOException {
    // A closed port: nothing is asked, so nothing can fail.
    StormSettings cmp =
        QuickStorms.settings(
            1,
            1,
            "http://127.0.0.1:9/pkix/",
            "secret",
            FaultPlan.NONE,
            0,
            ScepFlow.FORTIOS,
            EnrollProtocol.CMPV2);
    String id = CaIdentity.of(cmp, TIMEOUT);
    assertEquals(64, id.length());
    assertEquals(id, CaIdentity.of(cmp, TIMEOUT));
  }

  @Test
  void aClosedPortNamesTheUrlAndTheWayOut() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/scep";
    IOException e =
        assertThrows(IOException.class, () -> CaIdentity.fetch(url, TIMEOUT, "--fresh-keys"));
    assertTrue(
        e.getMessage().startsWith("cannot ask " + url + " for its CA certificate"), e::getMessage);
    assertTrue(e.getMessage().endsWith("--fresh-keys runs without the store)"), e::getMessage);
  }

  @Test
  void aHostOffTheLoopbackIsRefusedWithoutASocket() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> CaIdentity.fetch("http://192.0.2.1:8080/scep", TIMEOUT, "--fresh-keys"));
    assertTrue(e.getMessage().contains("only loopback"), e::getMessage);
  }
}
