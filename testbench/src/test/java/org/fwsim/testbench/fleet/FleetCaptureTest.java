package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.sniffer.DeviceCaptures;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.fwsim.testbench.cli.PcapOptions;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagementPlane;
import org.fwsim.testbench.mgmt.ssh.SshCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fwsim fleet --pcap}: a device's capture holds the SSH and HTTPS sessions to its management
 * interface with its simulated address, as Wireshark's dissectors read them.
 */
class FleetCaptureTest {

  @TempDir Path dir;

  @Test
  void sshAndHttpsToTheManagementInterfaceAreInTheCapture() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Path pcaps = dir.resolve("pcap");
    try (Hypervisor hv = TestFleets.hypervisor(2)) {
      List<ManagementPlane> planes = FleetPlanes.create(0, 0);
      FleetService fleet =
          TestFleets.start(hv, dir.resolve("fleet"), 1, "capture-test", out, planes);
      try {
        PcapOptions pcap = new PcapOptions();
        pcap.dir = pcaps;
        pcap.devices = "FGT-00000";
        List<ManagedDevice> devices = fleet.devices();
        DeviceCaptures captures =
            pcap.start(
                devices.stream().map(ManagedDevice::name).toList(),
                i -> devices.get(i).firmware(),
                Duration.ofSeconds(30),
                out);
        assertEquals(List.of(pcaps.resolve("FGT-00000.pcap")), captures.files());
        ManagedDevice d = devices.get(0);
        for (ManagementPlane p : planes) {
          InetSocketAddress at = p.endpointOf(d).orElseThrow();
          if (p.service().equals("ssh")) {
            run(SshCommands.withPassword("admin", at, "s3cret", List.of(), "get system status"));
          } else {
            run(
                List.of(
                    Peer.CURL.require().toString(),
                    "-sk",
                    "-o",
                    "/dev/null",
                    "https://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/"));
          }
        }
        captures.close();

        String mgmt = Ip4.toString(d.mgmtAddress());
        Path file = captures.files().get(0);
        String ssh = tshark(file, "ssh.protocol", "ip.src", "tcp.srcport", "ssh.protocol");
        assertTrue(ssh.contains(mgmt + "\t22\tSSH-2.0-"), "the appliance's SSH banner: " + ssh);
        String hello =
            tshark(file, "tls.handshake.type == 1", "ip.dst", "tcp.dstport", "tls.handshake.type");
        assertTrue(hello.startsWith(mgmt + "\t443\t1"), "curl's ClientHello: " + hello);
        assertEquals(
            "",
            tshark(file, "ip.addr == " + Ip4.toString(d.hostAddress()), "frame.number"),
            "the device's loopback address never shows");
      } finally {
        fleet.stop();
      }
    }
  }

  private void run(List<String> cmd) throws Exception {
    PeerRun.of(dir, Duration.ofSeconds(60), cmd);
  }

  /** The fields of the packets {@code filter} selects, one line each, tab-separated. */
  private String tshark(Path file, String filter, String... fields) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Peer.TSHARK.require().toString(), "-r", file.toString(), "-Y", filter));
    cmd.addAll(List.of("-T", "fields"));
    for (String f : fields) {
      cmd.addAll(List.of("-e", f));
    }
    PeerRun r = PeerRun.of(dir, Duration.ofSeconds(60), cmd);
    String text = r.stdout(); // its standard error says "running as root" and the like
    assertEquals(0, r.exit(), text);
    assertTrue(Files.size(file) > 24, "packets after the file header");
    return text;
  }
}
