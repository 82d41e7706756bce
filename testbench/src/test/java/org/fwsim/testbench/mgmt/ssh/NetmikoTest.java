package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's python3-netmiko with {@code device_type="fortinet"}, as automation scripts drive a
 * FortiGate: {@code send_command} and {@code send_config_set} through its paging preparation, the
 * change read back; a wrong password is refused.
 */
class NetmikoTest {

  /** netmiko paces itself with its own waits (its paging preparation takes seconds). */
  private static final long NETMIKO_TIMEOUT_S = 120;

  @AutoClose private static SshRig rig;

  @BeforeAll
  static void boot() throws Exception {
    Peer.NETMIKO.require();
    rig = new SshRig(1);
  }

  @Test
  void sendCommandAndSendConfigSetThenReadBack() throws Exception {
    SshRig.Run r =
        netmiko(
            rig.endpoints.get(0),
            SshRig.PASSWORD,
            """
            print(c.send_command("get system status"))
            print(c.send_config_set(["config system interface", "edit port4",
                                     "set alias netmiko-set", "next", "end"]))
            print("READBACK " + c.send_command("show system interface port4"))
            """);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("Hostname: FGT-SSH1"), r.out());
    assertTrue(r.out().contains("set alias \"netmiko-set\""), r.out());
    assertTrue(
        rig.cli(0, "show system interface port4").contains("set alias \"netmiko-set\""),
        "the change is in the appliance's configuration");
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    SshRig.Run r = netmiko(rig.endpoints.get(0), "wrong", "print('logged in')\n");
    assertTrue(r.exit() != 0 && r.out().contains("Authentication"), r.out());
  }

  private static SshRig.Run netmiko(InetSocketAddress at, String password, String body)
      throws Exception {
    String script =
        "from netmiko import ConnectHandler\n"
            + "c = ConnectHandler(device_type='fortinet', host='"
            + at.getAddress().getHostAddress()
            + "', port="
            + at.getPort()
            + ", username='admin', password='"
            + password
            + "', fast_cli=True)\n"
            + body.stripIndent()
            + "c.disconnect()\n";
    return SshRig.run(NETMIKO_TIMEOUT_S, List.of("/usr/bin/python3", "-c", script), null);
  }
}
