package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an {@code acme2} entry refuses before anything is sent, each as one failed-enrollment event
 * naming the reason, and no certificate: FortiOS documents ACME as not supported on SD-WAN and
 * loopback interfaces; fwsim reaches a CA by address only.
 */
class AcmeRefusalTest {

  /** A loopback interface, as FortiOS's {@code set type loopback} makes one. */
  private static final String LOOPBACK_LO1 =
      "config system interface\nedit lo1\nset vdom root\nset type loopback\n"
          + "set ip 10.77.0.1 255.255.255.255\nnext\nend";

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).build();
  private final HypervisorDriver driver = HypervisorDriver.of(hv);
  private Firmware fw;

  @AfterEach
  void close() {
    hv.close();
  }

  @Test
  void anEgressChosenBySdwanIsRefused() throws Exception {
    boot();
    cli(Fixtures.text("/fixtures/FirmwareEgressTest/sdwan.conf"));
    assertEquals(
        "ACME enrollment of fw1_acme failed: ACME is not supported on SD-WAN interfaces (port2)",
        enrollFailure("https://10.5.149.111/dir"));
  }

  @Test
  void anEgressOnALoopbackInterfaceIsRefused() throws Exception {
    boot();
    cli(
        String.join(
            "\n",
            LOOPBACK_LO1,
            "config router static",
            "edit 2",
            "set dst 10.5.149.111 255.255.255.255",
            "set device lo1",
            "next",
            "end"));
    assertEquals(
        "ACME enrollment of fw1_acme failed: ACME is not supported on loopback interfaces (lo1)",
        enrollFailure("https://10.5.149.111/dir"));
  }

  @Test
  void aLoopbackInterfaceListedInSystemAcmeIsRefused() throws Exception {
    boot();
    cli(String.join("\n", LOOPBACK_LO1, "config system acme", "set interface lo1", "end"));
    assertEquals(
        "ACME enrollment of fw1_acme failed: ACME is not supported on loopback interfaces (lo1)",
        enrollFailure("https://192.168.1.200/dir"));
  }

  @Test
  void aCaNamedByHostnameIsRefusedWithTheWayOut() throws Exception {
    boot();
    assertTrue(
        enrollFailure("https://acme.example/dir")
            .contains("fwsim reaches CAs by address, not by name"));
  }

  @Test
  void anEntryEnrollsWhenItsAcmeSettingsAreSetOrChangedNotAtOtherCommits() throws Exception {
    boot();
    enrollFailure("https://acme.example/dir");

    cli("config system global\nset hostname other\nend");
    cli("config vpn certificate local\nedit fw1_acme\nnext\nend");
    cli("config vpn certificate local\nedit fw1_acme\nset acme-domain fw1.test\nnext\nend");
    assertEquals(1, failures().size(), "commits that change no ACME setting start nothing");

    cli("config vpn certificate local\nedit fw1_acme\nset acme-email ops@fw1.test\nnext\nend");
    assertEquals(2, failures().size(), "a changed acme-email starts one");
    cli("config vpn certificate local\nedit fw1_acme\nset acme-ca-url https://b.example/d\nend");
    assertEquals(3, failures().size(), "a changed acme-ca-url starts one");
    assertTrue(
        failures().stream().anyMatch(e -> e.field("msg").contains("https://b.example/d")),
        () -> failures().toString());
  }

  @Test
  void theHttp01PortIsEightyUntilSimAcmeMovesItAndStaysOnBadInput() throws Exception {
    boot();
    assertEquals("ACME http-01 port: 80\n", cli("sim acme http-port"));
    assertEquals("ACME http-01 port: 8080\n", cli("sim acme http-port 8080"));
    assertTrue(cli("sim acme http-port 0").contains("Command fail"));
    assertTrue(cli("sim acme http-port http").contains("Command fail"));
    assertEquals("ACME http-01 port: 8080\n", cli("sim acme http-port"));
  }

  private String enrollFailure(String url) throws Exception {
    String out =
        cli(
            String.join(
                "\n",
                "config vpn certificate local",
                "edit fw1_acme",
                "set enroll-protocol acme2",
                "set acme-ca-url " + url,
                "set acme-domain fw1.test",
                "next",
                "end"));
    List<LogEntry> failures = failures();
    assertEquals(1, failures.size(), () -> out + fw.eventLog().entries());
    assertTrue(fw.appliance().globalCerts().snapshot().findLocal("fw1_acme").isEmpty());
    return failures.get(0).field("msg");
  }

  private List<LogEntry> failures() {
    return fw.eventLog().entries().stream()
        .filter(e -> e.id() == LogId.AUTO_GEN_CERT_FAIL)
        .toList();
  }

  private void boot() throws Exception {
    fw = AcmeFirmware.boot(hv, driver);
  }

  private String cli(String script) throws Exception {
    return driver.await(fw.appliance().call(() -> fw.newSession().run(script)));
  }
}
