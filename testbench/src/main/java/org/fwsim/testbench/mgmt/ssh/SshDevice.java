package org.fwsim.testbench.mgmt.ssh;

import java.net.InetSocketAddress;
import org.fwsim.firmware.Firmware;

/**
 * One appliance as the SSH plane serves it: its firmware and the host endpoint it answers at. The
 * only per-device state the plane keeps while the device is idle (the host key stays in the
 * configuration; {@code hostKey} is the configuration's own string, in OpenSSH text).
 */
record SshDevice(
    Firmware firmware, String managementInterface, InetSocketAddress endpoint, String hostKey) {}
