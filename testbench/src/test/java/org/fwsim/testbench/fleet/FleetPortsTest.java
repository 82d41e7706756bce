package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fwsim.hal.Hypervisor;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagementPlane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ssh-port} and {@code --https-port} decide where every device answers. */
class FleetPortsTest {

  @TempDir Path dir;

  @Test
  void theGivenPortsAreTheDevicesPortsEvenWhere22And443CouldBeBound() throws Exception {
    // As root, 22 and 443 bind: --ssh-port was taken as a fallback only and ignored there.
    int ssh = freePort();
    int https = freePort();
    try (Hypervisor hv = TestFleets.hypervisor(2)) {
      List<ManagementPlane> planes = FleetPlanes.create(ssh, https);
      FleetService fleet =
          TestFleets.start(
              hv,
              dir,
              2,
              "ports-test",
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              planes);
      try {
        for (ManagedDevice d : fleet.devices()) {
          for (ManagementPlane p : planes) {
            InetSocketAddress at = p.endpointOf(d).orElseThrow();
            assertEquals(p.service().equals("ssh") ? ssh : https, at.getPort(), p.service());
          }
        }
      } finally {
        fleet.stop();
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
