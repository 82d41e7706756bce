package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.cert.RecordingEnrollmentListener;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code acme2} entry set again (an operator's or the storm's retry) while its first enrollment
 * is still in flight: no error. Set again, the order goes on and answers that commit too; deleted
 * and made again (the storm's retry), the new entry gets an order of its own and the deleted one's
 * ends without installing anything.
 */
class AcmeRetryTest {

  private static final String ENTRY =
      "config vpn certificate local\nedit fw1_acme\nset enroll-protocol acme2\n"
          + "set acme-ca-url https://10.5.149.111/dir\nset acme-domain fw1.test\nnext\nend";

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).nio(true).build();
  private final HypervisorDriver driver = HypervisorDriver.of(hv);
  private final List<String> events = new ArrayList<>();
  private Firmware fw;

  @AfterEach
  void close() {
    hv.close();
  }

  @Test
  void aSettingChangedWhileTheOrderIsInFlightIsAbsorbedByIt() throws Exception {
    retryWhileInFlight(
        "config vpn certificate local\nedit fw1_acme\nset acme-email admin@fw1.test\nnext\nend");
    assertEquals(3, events.size(), events::toString);
    assertTrue(events.get(2).startsWith("ended fw1_acme FAILED"), events::toString);
  }

  @Test
  void anEntryDeletedAndMadeAgainWhileTheOrderIsInFlightGetsItsOwnOrder() throws Exception {
    retryWhileInFlight("config vpn certificate local\ndelete fw1_acme\nend\n" + ENTRY);
    driver.doWorkUntil(() -> events.size() > 3);
    driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);
    assertEquals(4, events.size(), events::toString);
    assertTrue(events.get(2).startsWith("ended fw1_acme FAILED"), events::toString);
    assertTrue(events.get(3).startsWith("ended fw1_acme FAILED"), events::toString);
  }

  /**
   * Commits the entry against a CA that takes the connection and never answers (the order stays in
   * flight until it closes), then {@code retry}; the CA goes away and the orders end.
   */
  private void retryWhileInFlight(String retry) throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      hv.underlay()
          .map(
              new InetSocketAddress("10.5.149.111", 443),
              new InetSocketAddress("127.0.0.1", silent.getLocalPort()));
      boot();
      assertEquals("", cli(ENTRY));
      assertEquals(List.of("started fw1_acme"), events);

      assertEquals("", cli(retry), "the retry is not refused");
      assertEquals(List.of("started fw1_acme", "started fw1_acme"), events, "nor dropped");
    }
    driver.doWorkUntil(() -> events.size() > 2);
    driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);
  }

  private void boot() throws Exception {
    fw = AcmeFirmware.boot(hv, driver);
    String pem =
        PemCodec.certificates(List.of(TestCertificates.rootCa("ACME CA").certificate())).strip();
    assertEquals("", cli("config vpn certificate ca\nedit ACME_CA\nset ca \"" + pem + "\"\nend"));
    driver.await(
        fw.appliance()
            .run(
                () ->
                    fw.certificates()
                        .addEnrollmentListener(new RecordingEnrollmentListener(events))));
  }

  private String cli(String script) throws Exception {
    return driver.await(fw.appliance().call(() -> fw.newSession().run(script)));
  }
}
