package org.fwsim.testbench.mgmt.ssh;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import org.fwsim.firmware.Firmware;

/**
 * One appliance as the SSH plane serves it: its firmware, the host endpoint it listens at and its
 * host key. The only per-device state the plane keeps while the device is idle.
 */
record SshDevice(
    Firmware firmware, String managementInterface, InetSocketAddress endpoint, KeyPair hostKey) {}
