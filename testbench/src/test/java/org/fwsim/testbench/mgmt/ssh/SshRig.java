package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.TestHypervisors;

/**
 * Appliances booted in-process with the SSH plane on them, and the real clients the tests drive
 * them with. The hypervisor runs its own worker, so a client process works without a pump.
 */
final class SshRig implements AutoCloseable {

  static final String PASSWORD = "fwsim";
  static final int LOCKOUT_THRESHOLD = 3;
  private static final long PROCESS_TIMEOUT_S = 20;

  final Hypervisor hv;
  final SshPlane plane;
  final List<Firmware> devices = new ArrayList<>();
  final List<InetSocketAddress> endpoints = new ArrayList<>();

  SshRig(int count) throws Exception {
    this(count, Duration.ofMinutes(1));
  }

  /**
   * @param adminMinute how long a minute of {@code admintimeout} lasts (shorter for the idle test)
   */
  SshRig(int count, Duration adminMinute) throws Exception {
    hv =
        TestHypervisors.builder(Instant.parse("2026-12-01T10:00:00Z"))
            .workers(1)
            .keyPoolCapacity(2)
            .build();
    plane = SshPlane.start(hv, 0, 0, 2, adminMinute);
    var commands = FirmwareCommands.newRegistry();
    for (int i = 1; i <= count; i++) {
      ConfigTree tree = Firmware.labDefault("FGT-SSH" + i);
      new CliSession(tree)
          .run(
              "config system interface\nedit port1\nset allowaccess ping https ssh\nnext\nend\n"
                  + "config system admin\nedit admin\nset password "
                  + PASSWORD
                  + "\nnext\nend\n"
                  + "config system global\nset admin-lockout-threshold "
                  + LOCKOUT_THRESHOLD
                  + "\nend");
      Firmware fw =
          Firmware.boot(hv, hv.newAppliance("FGVM01TM2600000" + i, tree.hostname()), tree, commands)
              .get(30, TimeUnit.SECONDS);
      devices.add(fw);
      endpoints.add(plane.attach(fw, "port1").get(30, TimeUnit.SECONDS));
    }
  }

  @Override
  public void close() throws IOException {
    plane.close();
    hv.close();
  }

  /** A line run on a device's own CLI (through its mailbox), e.g. to change allowaccess. */
  String cli(int device, String script) throws Exception {
    Firmware fw = devices.get(device);
    return fw.appliance().call(() -> fw.newSession().run(script)).get(30, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ real clients

  record Run(int exit, String out) {}

  /** {@code sshpass -p PASSWORD ssh ... admin@host 'command'} (no command: a shell fed stdin). */
  static Run exec(InetSocketAddress at, String password, String command) throws Exception {
    return ssh(at, password, null, List.of(), command);
  }

  /** {@link #exec} as another administrator than {@code admin}. */
  static Run execAs(String user, InetSocketAddress at, String password, String command)
      throws Exception {
    return run(SshCommands.withPassword(user, at, password, List.of(), command), null);
  }

  /**
   * A scripted shell ({@code -tt}) that reads {@code stdin} as typed lines, with no terminal type
   * (whatever the environment running the tests has), so nothing is echoed or paged.
   */
  static Run shell(InetSocketAddress at, String stdin) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-u", "TERM"));
    cmd.addAll(SshCommands.withPassword("admin", at, PASSWORD, List.of("-tt"), null));
    return run(cmd, stdin);
  }

  /**
   * A shell on a terminal that says what it is ({@code TERM=xterm}, sent with the pty request), as
   * an operator's is: the appliance echoes, edits lines and pages. Without a local terminal ssh
   * reports no size, so a page is one line.
   */
  static Run shellOnTerminal(InetSocketAddress at, String stdin) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "TERM=xterm"));
    cmd.addAll(SshCommands.withPassword("admin", at, PASSWORD, List.of("-tt"), null));
    return run(cmd, stdin);
  }

  /**
   * {@link #shell} whose input stays open, so only the appliance can end the session: the process,
   * started; the caller closes its input (or it ends).
   */
  static Process openShell(InetSocketAddress at) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-u", "TERM"));
    cmd.addAll(SshCommands.withPassword("admin", at, PASSWORD, List.of("-tt"), null));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  static Run ssh(
      InetSocketAddress at, String password, String stdin, List<String> options, String command)
      throws Exception {
    return run(SshCommands.withPassword("admin", at, password, options, command), stdin);
  }

  /** {@code ssh -i key ... admin@host 'command'}: a public-key login, never a password. */
  static Run keyExec(InetSocketAddress at, java.nio.file.Path key, String command)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Peer.SSH.require().toString()));
    cmd.addAll(List.of("-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key.toString()));
    cmd.addAll(SshCommands.target("admin", at, command));
    return run(cmd, null);
  }

  static Run run(List<String> cmd, String stdin) throws Exception {
    return run(PROCESS_TIMEOUT_S, cmd, stdin);
  }

  static Run run(long timeoutSeconds, List<String> cmd, String stdin) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "(output unreadable: " + e + ")";
              }
            });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(cmd + " did not end; output so far:\n" + out.getNow("(none)"));
    }
    return new Run(p.exitValue(), out.get(PROCESS_TIMEOUT_S, TimeUnit.SECONDS));
  }
}
