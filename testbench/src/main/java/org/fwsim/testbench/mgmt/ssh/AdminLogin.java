package org.fwsim.testbench.mgmt.ssh;

import java.security.PublicKey;
import org.fwsim.firmware.Firmware;

/**
 * Who may log in to an appliance over SSH: the plane asks, the appliance's administrators answer
 * (with their lockout). Implementations are called on the SSH IO threads and must not block long.
 */
public interface AdminLogin {

  /** Whether {@code user} with {@code password} may log in from {@code remoteIp}. */
  boolean password(Firmware device, String user, String password, int remoteIp);

  /** Whether {@code user} holding the private half of {@code key} may log in. */
  boolean publicKey(Firmware device, String user, PublicKey key, int remoteIp);
}
