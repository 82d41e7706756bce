package org.fwsim.testbench.mgmt.ssh;

import java.net.InetSocketAddress;
import org.fwsim.firmware.Firmware;

/**
 * One appliance as the SSH plane serves it: its firmware, the host endpoint it answers at and its
 * host key as the configuration keeps it. The only per-device state the plane keeps while the
 * device is idle.
 */
record SshDevice(
    Firmware firmware, String managementInterface, InetSocketAddress endpoint, HostKey hostKey) {

  /** The same device with the host key a restored configuration keeps. */
  SshDevice withHostKey(HostKey key) {
    return new SshDevice(firmware, managementInterface, endpoint, key);
  }
}
