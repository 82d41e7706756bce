package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.testing.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration written before host keys were sealed keeps {@code ssh-hostkey} in clear text: the
 * device still presents that key (ssh-keyscan sees it), and its configuration then keeps it sealed.
 * A restore brings the key its configuration keeps.
 */
class SshHostKeyTest {

  @Test
  void aHostKeyKeptInClearTextStillServesAndIsSealed() throws Exception {
    Peer.SSH.require();
    KeyPair old = HostKeys.generate();
    ConfigTree tree = keepingInClearText(old);
    try (SshRig rig = new SshRig(0)) {
      Firmware fw =
          Firmware.boot(
                  rig.hv,
                  rig.hv.newAppliance("FGVM01TM26000099", "FGT-OLD"),
                  tree,
                  FirmwareCommands.newRegistry())
              .get(30, TimeUnit.SECONDS);
      InetSocketAddress at = rig.plane.attach(fw, "port1").get(30, TimeUnit.SECONDS);

      assertPresents(at, old);

      String shown =
          fw.appliance()
              .call(() -> fw.newSession().run("show system global"))
              .get(30, TimeUnit.SECONDS);
      assertTrue(shown.contains("set ssh-hostkey \"-----BEGIN ENCRYPTED PRIVATE KEY-----"), shown);
      assertFalse(shown.contains("OPENSSH PRIVATE KEY"), "sealed now: " + shown);
    }
  }

  @Test
  void aRestoredConfigurationsHostKeyIsServedFromThenOn(@TempDir Path dir) throws Exception {
    Peer.SSH.require();
    KeyPair restored = HostKeys.generate();
    Path file = dir.resolve("other.conf");
    ConfigFiles.save(keepingInClearText(restored), file);
    try (SshRig rig = new SshRig(1)) {
      rig.cli(0, "execute restore config file " + file + "\ny");
      assertPresents(rig.endpoints.get(0), restored);
      assertTrue(
          rig.cli(0, "show system global").contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
          "and keeps it sealed");
    }
  }

  /** A configuration that keeps {@code key} in clear text, as fwsim kept host keys before. */
  private static ConfigTree keepingInClearText(KeyPair key) {
    ConfigTree tree = Firmware.labDefault("FGT-OLD");
    new CliSession(tree)
        .run(
            "config system interface\nedit port1\nset allowaccess ssh\nnext\nend\n"
                + "config system global\nset ssh-hostkey \""
                + HostKeys.encode(key)
                + "\"\nend");
    return tree;
  }

  /** ssh-keyscan finds {@code key}'s public half at {@code at}. */
  private static void assertPresents(InetSocketAddress at, KeyPair key) throws Exception {
    SshRig.Run scan =
        SshRig.run(
            List.of(
                "ssh-keyscan",
                "-t",
                "ecdsa",
                "-p",
                String.valueOf(at.getPort()),
                at.getAddress().getHostAddress()),
            null);
    assertEquals(0, scan.exit(), scan.out());
    assertTrue(scan.out().contains(PublicKeyEntry.toString(key.getPublic())), scan.out());
  }
}
