package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.Peer;
import org.junit.jupiter.api.Test;

/**
 * {@code config system global} {@code set admintimeout}: an SSH session that stays idle past it is
 * closed by the appliance, though the client still holds its side open. A minute of admintimeout
 * lasts 200 ms here, so the test awaits the close instead of sleeping minutes.
 */
class SshIdleTimeoutTest {

  @Test
  void anIdleSessionIsClosedAfterAdmintimeout() throws Exception {
    Peer.SSH.require();
    Peer.SSHPASS.require();
    try (SshRig rig = new SshRig(1, Duration.ofMillis(200))) {
      assertEquals("", rig.cli(0, "config system global\nset admintimeout 2\nend"));
      Process shell = SshRig.openShell(rig.endpoints.get(0));
      try {
        // Idle, input open: only the appliance can end it (in 0.4 s plus MINA's check interval).
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS), "the appliance closed the idle session");
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(
            out.contains("FGT-SSH1 # "), "it had logged in and was idle at the prompt: " + out);
        assertTrue(shell.exitValue() != 0, "closed by the server, not by an exit: " + out);
      } finally {
        shell.destroyForcibly();
      }
    }
  }
}
