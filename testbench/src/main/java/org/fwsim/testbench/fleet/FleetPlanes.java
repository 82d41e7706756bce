package org.fwsim.testbench.fleet;

import java.util.ArrayList;
import java.util.List;
import org.fwsim.testbench.mgmt.ManagementPlane;
import org.fwsim.testbench.mgmt.https.HttpsPlane;
import org.fwsim.testbench.mgmt.ssh.SshManagementPlane;

/**
 * The management planes {@code fwsim fleet} starts over its devices: SSH and the HTTPS REST API.
 * Each plane is one line here; every device listens at its own loopback address.
 */
public final class FleetPlanes {
  private FleetPlanes() {}

  /**
   * @param sshPort the SSH port asked for with {@code --ssh-port}, or 0 for the plane's choice (22
   *     where the process may bind it)
   * @param httpsPort likewise for HTTPS ({@code --https-port}, 443)
   */
  public static List<ManagementPlane> create(int sshPort, int httpsPort) {
    List<ManagementPlane> planes = new ArrayList<>(COUNT);
    planes.add(new SshManagementPlane(sshPort));
    planes.add(new HttpsPlane(httpsPort));
    return planes;
  }

  /** How many planes {@link #create} makes (what the descriptor check counts). */
  public static final int COUNT = 2;
}
