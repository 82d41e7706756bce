package org.fwsim.testbench.mgmt.ssh;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.hal.testing.Peer;

/** The OpenSSH command lines the tests log in to simulated appliances with. */
public final class SshCommands {
  private SshCommands() {}

  /**
   * {@code sshpass -p password ssh [options] -p port user@host [command]}: a password login (one
   * prompt, no keys), without host-key checks.
   */
  public static List<String> withPassword(
      String user, InetSocketAddress at, String password, List<String> options, String command) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Peer.SSHPASS.require().toString(),
                "-p",
                password,
                Peer.SSH.require().toString(),
                "-o",
                "PreferredAuthentications=password,keyboard-interactive",
                "-o",
                "NumberOfPasswordPrompts=1"));
    cmd.addAll(options);
    cmd.addAll(target(user, at, command));
    return cmd;
  }

  /** Host-key checks off (each test's devices are new), the port, {@code user@host}, command. */
  static List<String> target(String user, InetSocketAddress at, String command) {
    List<String> t =
        new ArrayList<>(
            List.of(
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-p",
                String.valueOf(at.getPort()),
                user + "@" + at.getAddress().getHostAddress()));
    if (command != null) {
      t.add(command);
    }
    return t;
  }
}
