package org.fwsim.testbench.fleet;

import java.util.ArrayList;
import java.util.List;
import org.fwsim.testbench.mgmt.ManagementPlane;

/**
 * The management planes {@code fwsim fleet} starts over its devices. Each plane is one line here,
 * so adding the SSH or the HTTPS plane is a one-line change.
 */
final class FleetPlanes {
  private FleetPlanes() {}

  /**
   * @param sshPort the SSH port asked for with {@code --ssh-port}, or 0 for the plane's choice (22
   *     where the process may bind it)
   * @param httpsPort likewise for HTTPS ({@code --https-port}, 443)
   */
  static List<ManagementPlane> create(int sshPort, int httpsPort) {
    List<ManagementPlane> planes = new ArrayList<>(2);
    // planes.add(new SshPlane(sshPort));     -- testbench mgmt.ssh, when it lands
    // planes.add(new HttpsPlane(httpsPort)); -- testbench mgmt.https, when it lands
    return planes;
  }
}
