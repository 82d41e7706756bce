package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.fwsim.hal.testing.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code execute restore config} the SSH plane follows the restored configuration: {@code set
 * allowaccess} still opens and closes the device's socket, administrators of VDOM scope are still
 * confined to their VDOMs, and the session that restored ends as the device reboots.
 */
class SshRestoreTest {

  private static final String OPS_PASSWORD = "ops-pass";

  @Test
  void theRestoredConfigurationStillDecidesWhoGetsIn(@TempDir Path dir) throws Exception {
    Peer.SSH.require();
    Peer.SSHPASS.require();
    Path file = dir.resolve("saved.conf");
    try (SshRig rig = new SshRig(1)) {
      rig.cli(
          0,
          "config system global\nset vdom-mode multi-vdom\nend\ny\n"
              + "config vdom\nedit cust\nnext\nedit lab\nnext\nend\n"
              + "config global\n"
              + "config system accprofile\nedit cust-ops\nset scope vdom\nset sysgrp read-write\n"
              + "next\nend\n"
              + "config system admin\nedit ops\nset accprofile cust-ops\nset vdom cust lab\n"
              + "set password "
              + OPS_PASSWORD
              + "\nnext\nend\nend\n"
              + "execute backup config file "
              + file);
      SshRig.Run restored =
          SshRig.exec(
              rig.endpoints.get(0),
              SshRig.PASSWORD,
              "execute restore config file " + file + "\ny\nget system status");
      assertTrue(restored.out().contains("The system is going down NOW !!"), restored.out());
      assertFalse(
          restored.out().contains("Hostname:"), "the device rebooted: the session ended with it");

      rig.cli(
          0, "config global\nconfig system interface\nedit port1\nset allowaccess ping\nend\nend");
      assertThrows(
          ConnectException.class,
          () -> new Socket().connect(rig.endpoints.get(0), 5000),
          "allowaccess without ssh closes the socket after a restore too");
      rig.cli(
          0, "config global\nconfig system interface\nedit port1\nset allowaccess ssh\nend\nend");
      SshRig.Run ops =
          SshRig.execAs(
              "ops",
              rig.endpoints.get(0),
              OPS_PASSWORD,
              "config global\nconfig vdom\nedit cust\nnext\nedit lab\nnext\nedit root");
      assertEquals(0, ops.exit(), ops.out());
      assertTrue(ops.out().contains("Command fail"), "confined: no global scope\n" + ops.out());
      assertTrue(ops.out().contains("current vf=cust"), ops.out());
      assertTrue(ops.out().contains("current vf=lab"), "each VDOM of its list\n" + ops.out());
      assertFalse(ops.out().contains("current vf=root"), "and no other\n" + ops.out());
    }
  }
}
