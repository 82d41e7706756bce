package org.fwsim.testbench.mgmt;

import java.net.InetAddress;
import org.fwsim.firmware.Firmware;
import org.fwsim.hal.net.Ip4;

/**
 * One appliance as a management plane sees it: its name, firmware, and the management interface
 * with its simulated address and the host loopback address the underlay gave that address (where
 * the plane listens for this device).
 *
 * @param name the device's hostname ({@code FGT-00042})
 * @param serial its serial number
 * @param firmware the running firmware; its state is touched on the appliance's mailbox only
 * @param mgmtInterface the management interface ({@code port1} unless the template says another)
 * @param mgmtAddress the management interface's simulated IPv4 address
 * @param hostAddress the loopback address standing for {@code mgmtAddress} on this machine
 */
public record ManagedDevice(
    String name,
    String serial,
    Firmware firmware,
    String mgmtInterface,
    int mgmtAddress,
    int hostAddress) {

  /** {@link #hostAddress} as an {@link InetAddress}, to bind or connect to. */
  public InetAddress hostInetAddress() {
    return Ip4.toInetAddress(hostAddress);
  }

  @Override
  public String toString() {
    return name + " " + mgmtInterface + " " + Ip4.toString(mgmtAddress);
  }
}
