package org.fwsim.testbench.mgmt.https;

import java.net.InetAddress;
import org.fwsim.firmware.Firmware;

/** Which appliance answers HTTPS at a local address: the fleet's routing table for the server. */
@FunctionalInterface
public interface HttpsDevices {

  /** The appliance whose management address is {@code local}, or null when none is. */
  Device at(InetAddress local);

  /**
   * One appliance as the HTTPS plane sees it.
   *
   * @param firmware the running firmware (its REST API, certificate stores, configuration)
   * @param managementInterface the interface whose {@code allowaccess} must include {@code https}
   */
  record Device(Firmware firmware, String managementInterface) {}
}
