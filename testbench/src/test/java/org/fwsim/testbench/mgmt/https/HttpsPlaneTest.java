package org.fwsim.testbench.mgmt.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.TestHypervisors;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS plane driven by curl: each device answers at its own loopback address with its own API,
 * and {@code set allowaccess} without {@code https} closes its socket at once.
 */
class HttpsPlaneTest {
  private static final int CURL_COULD_NOT_CONNECT = 7;

  private Hypervisor hv;
  private final List<ManagedDevice> devices = new ArrayList<>();
  private HttpsPlane plane;

  @BeforeEach
  void boot() throws Exception {
    hv =
        TestHypervisors.builder(Instant.parse("2026-12-01T10:00:00Z"))
            .workers(1)
            .keyPoolCapacity(2)
            .build();
    for (int i = 0; i < 2; i++) {
      String serial = "FGVM01TM2600020" + i;
      Firmware fw =
          Firmware.boot(
                  hv,
                  hv.newAppliance(serial, "FGT-" + i),
                  Firmware.labDefault("FGT-" + i),
                  FirmwareCommands.newRegistry())
              .get(30, TimeUnit.SECONDS);
      devices.add(
          new ManagedDevice(
              "FGT-" + i,
              serial,
              fw,
              "port1",
              Ip4.parse("192.168.1.99"),
              Ip4.parse("127.0.2." + (10 + i))));
    }
  }

  @AfterEach
  void close() {
    if (plane != null) {
      plane.close();
    }
    hv.close();
  }

  private String cli(int device, String script) throws Exception {
    Firmware fw = devices.get(device).firmware();
    return fw.appliance().call(() -> fw.newSession().run(script)).get(30, TimeUnit.SECONDS);
  }

  private record Curl(int exit, String out) {}

  private Curl status(int device) throws Exception {
    InetSocketAddress at = plane.endpointOf(devices.get(device)).orElseThrow();
    Process p =
        new ProcessBuilder(
                "curl",
                "-sk",
                "--max-time",
                "20",
                "https://"
                    + Ip4.toString(devices.get(device).hostAddress())
                    + ":"
                    + at.getPort()
                    + "/api/v2/monitor/system/status")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl ended");
    return new Curl(p.exitValue(), out);
  }

  @Test
  void eachDeviceAnswersAtItsAddressWhileAllowaccessHasHttps() throws Exception {
    Peer.CURL.require();
    plane = new HttpsPlane(0);
    plane.start(new ManagedDevices(hv, devices));
    for (int i = 0; i < 2; i++) {
      Curl c = status(i);
      assertEquals(0, c.exit(), c.out());
      assertTrue(c.out().contains("\"http_status\":401"), "the device's API asks for a token");
      assertTrue(c.out().contains("FGVM01TM2600020" + i), c.out());
    }

    cli(1, "config system interface\nedit port1\nset allowaccess ping\nnext\nend");
    Curl refused = status(1);
    assertEquals(CURL_COULD_NOT_CONNECT, refused.exit(), "its socket is closed: " + refused.out());
    assertEquals(0, status(0).exit(), "the other device still answers");

    cli(1, "config system interface\nedit port1\nset allowaccess ping https\nnext\nend");
    assertEquals(0, status(1).exit(), "answers again");
  }

  @Test
  void allowaccessStillDecidesAfterARestore(@TempDir Path dir) throws Exception {
    Peer.CURL.require();
    plane = new HttpsPlane(0);
    plane.start(new ManagedDevices(hv, devices));
    Path file = dir.resolve("saved.conf");
    cli(0, "execute backup config file " + file + "\nexecute restore config file " + file + "\ny");

    cli(0, "config system interface\nedit port1\nset allowaccess ping\nnext\nend");
    Curl refused = status(0);
    assertEquals(CURL_COULD_NOT_CONNECT, refused.exit(), "closed on the restored tree too");
    cli(0, "config system interface\nedit port1\nset allowaccess ping https\nnext\nend");
    assertEquals(0, status(0).exit(), "and opened again");
  }
}
