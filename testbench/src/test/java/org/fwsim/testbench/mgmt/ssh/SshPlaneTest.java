package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OpenSSH clients (with sshpass) against two appliances behind one SSH plane: each answers at
 * its own address with its own CLI, exec requests run several lines, a scripted interactive shell
 * shows FortiOS prompts, {@code allowaccess} decides live, and wrong passwords lock out.
 */
class SshPlaneTest {

  @AutoClose private static SshRig rig;

  @BeforeAll
  static void boot() throws Exception {
    Peer.SSH.require();
    Peer.SSHPASS.require();
    rig = new SshRig(2);
  }

  @Test
  void execRoutesEachAddressToItsOwnAppliance() throws Exception {
    for (int i = 0; i < 2; i++) {
      SshRig.Run r = SshRig.exec(rig.endpoints.get(i), SshRig.PASSWORD, "get system status");
      assertEquals(0, r.exit(), r.out());
      assertTrue(r.out().contains("Hostname: FGT-SSH" + (i + 1)), r.out());
    }
  }

  @Test
  void execRunsSeveralLinesInOneSession() throws Exception {
    SshRig.Run r =
        SshRig.exec(
            rig.endpoints.get(0),
            SshRig.PASSWORD,
            "config system interface\nedit port3\nset alias exec-set\nnext\nend\n"
                + "show system interface port3");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("set alias \"exec-set\""), r.out());
  }

  @Test
  void aScriptedShellShowsFortiOsPromptsAndExitEndsIt() throws Exception {
    SshRig.Run r =
        SshRig.shell(
            rig.endpoints.get(1),
            "config system interface\nedit port2\nset alias from-shell\nend\nget system interface"
                + " port2\nexit\n");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("FGT-SSH2 # "), r.out());
    assertTrue(r.out().contains("FGT-SSH2 (interface) # "), r.out());
    assertTrue(r.out().contains("FGT-SSH2 (port2) # "), r.out());
    assertTrue(r.out().contains("alias               : from-shell"), r.out());
  }

  @Test
  void simCommandsWorkFromAnyDevice() throws Exception {
    SshRig.Run r = SshRig.exec(rig.endpoints.get(1), SshRig.PASSWORD, "sim clock");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("2026-12-01"), r.out());
  }

  @Test
  void theHostKeyIsKeptInTheConfigurationSealed() throws Exception {
    String shown = rig.cli(0, "show system global");
    assertTrue(shown.contains("set ssh-hostkey \"-----BEGIN ENCRYPTED PRIVATE KEY-----"), shown);
    assertTrue(shown.contains("set ssh-hostkey-password ENC "), shown);
    assertFalse(shown.contains("BEGIN OPENSSH PRIVATE KEY"), "never in clear text: " + shown);
    assertNotEquals(shown, rig.cli(1, "show system global"), "each device has its own key");
  }

  @Test
  void allowaccessWithoutSshRefusesAtOnceAndAddingItBack() throws Exception {
    rig.cli(0, "config system interface\nedit port1\nset allowaccess ping\nnext\nend");
    try {
      SshRig.Run refused = SshRig.exec(rig.endpoints.get(0), SshRig.PASSWORD, "get system status");
      assertNotEquals(0, refused.exit(), refused.out());
      // The device's socket is closed, not merely guarded: the TCP connection itself is refused.
      assertThrows(ConnectException.class, () -> new Socket().connect(rig.endpoints.get(0), 5000));
    } finally {
      rig.cli(0, "config system interface\nedit port1\nset allowaccess ping ssh\nnext\nend");
    }
    SshRig.Run back = SshRig.exec(rig.endpoints.get(0), SshRig.PASSWORD, "get system status");
    assertEquals(0, back.exit(), back.out());
  }

  @Test
  void wrongPasswordsAreRefusedAndLockOut() throws Exception {
    SshRig.Run wrong = SshRig.exec(rig.endpoints.get(1), "nope", "get system status");
    assertNotEquals(0, wrong.exit(), wrong.out());
    for (int i = 1; i < SshRig.LOCKOUT_THRESHOLD; i++) {
      SshRig.exec(rig.endpoints.get(1), "nope", "get system status");
    }
    SshRig.Run locked = SshRig.exec(rig.endpoints.get(1), SshRig.PASSWORD, "get system status");
    assertNotEquals(0, locked.exit(), "locked out: even the right password is refused");
    rig.hv.clock().advance(java.time.Duration.ofMinutes(5)); // past admin-lockout-duration
    assertEquals(0, SshRig.exec(rig.endpoints.get(1), SshRig.PASSWORD, "get sys status").exit());
  }

  @Test
  void grepFiltersOutputAsFortiOsDoes() throws Exception {
    SshRig.Run r =
        SshRig.exec(rig.endpoints.get(0), SshRig.PASSWORD, "show system interface | grep -f port1");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("config system interface"), r.out());
    assertTrue(r.out().contains("edit \"port1\""), r.out());
    assertFalse(r.out().contains("port2"), r.out());
  }

  @Test
  void aPublicKeyOfSshPublicKey1LogsIn(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("id_ed25519");
    SshRig.Run made =
        SshRig.run(
            List.of("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()),
            null);
    assertEquals(0, made.exit(), made.out());
    String pub = Files.readString(dir.resolve("id_ed25519.pub")).strip();
    rig.cli(1, "config system admin\nedit admin\nset ssh-public-key1 \"" + pub + "\"\nnext\nend");
    SshRig.Run r = SshRig.keyExec(rig.endpoints.get(1), key, "get system status");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("Hostname: FGT-SSH2"), r.out());
  }

  @Test
  void outputMorePagesALongAnswerAndStandardDoesNot() throws Exception {
    String show = "show full-configuration system interface\n";
    SshRig.Run paged =
        SshRig.shellOnTerminal(
            rig.endpoints.get(0), "config system console\nset output more\nend\n" + show);
    assertTrue(paged.out().contains("--More--"), paged.out());
    assertFalse(paged.out().contains("edit \"port2\""), "stopped at the first page");
    SshRig.Run standard =
        SshRig.shellOnTerminal(
            rig.endpoints.get(0),
            "config system console\nset output standard\nend\n" + show + "exit\n");
    assertEquals(0, standard.exit(), standard.out());
    assertFalse(standard.out().contains("--More--"), standard.out());
    assertTrue(standard.out().contains("edit \"port2\""), standard.out());
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
