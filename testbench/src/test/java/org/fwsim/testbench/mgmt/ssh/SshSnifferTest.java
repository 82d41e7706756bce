package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.fwsim.firmware.Firmware;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose sniffer packet} over SSH: the CLI is busy until the count or Ctrl-C ends it, then
 * FortiOS's summary and the prompt; the SSH session's own packets are on the management interface.
 */
class SshSnifferTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String PROMPT = "FGT-SSH1 # ";

  private static SshRig rig;
  private static SshClient client;

  @BeforeAll
  static void boot() throws Exception {
    rig = new SshRig(1);
    client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    client.stop();
    rig.close();
  }

  @Test
  void theCountEndsItWithTheSummaryThenThePromptAndSshIsOnTheWire() throws Exception {
    try (Shell shell = new Shell(rig.endpoints.get(0))) {
      shell.awaitEnd(PROMPT);
      shell.type("diagnose sniffer packet port1 'tcp port 22' 4 3\n");
      String t =
          shell.awaitEnd("\n3 packets received by filter\n0 packets dropped by kernel\n" + PROMPT);
      assertTrue(t.contains("interfaces=[port1]\nfilters=[tcp port 22]\n"), t);
      Matcher lines =
          Pattern.compile("(?m)^\\d+\\.\\d{6} port1 (in|out) ([\\d.]+) -> ([\\d.]+): ").matcher(t);
      int n = 0;
      while (lines.find()) {
        n++;
        String appliance = lines.group(1).equals("out") ? lines.group(2) : lines.group(3);
        assertTrue(appliance.endsWith(".22"), "the appliance's side is its SSH port: " + t);
        assertFalse(appliance.startsWith("127."), "its simulated address, not loopback: " + t);
      }
      assertEquals(3, n, t);
      assertEquals(1, count(t, PROMPT + "$"), "one prompt, after the summary: " + t);
    }
  }

  @Test
  void ctrlCEndsItWithTheSummaryThenThePrompt() throws Exception {
    try (Shell shell = new Shell(rig.endpoints.get(0))) {
      shell.awaitEnd(PROMPT);
      shell.type("diagnose sniffer packet any 'icmp' 1\n");
      String t = shell.awaitEnd("interfaces=[any]\nfilters=[icmp]\n");
      assertTrue(running(), "the sniffer runs until Ctrl-C");
      shell.type("\u0003");
      t = shell.awaitEnd("\n0 packets received by filter\n0 packets dropped by kernel\n" + PROMPT);
      assertFalse(running(), t);
      shell.type("get system status\n");
      assertTrue(shell.awaitEnd(PROMPT).contains("Hostname: FGT-SSH1"), "the CLI answers again");
    }
  }

  @Test
  void closingTheSessionEndsItsSniffer() throws Exception {
    try (Shell shell = new Shell(rig.endpoints.get(0))) {
      shell.awaitEnd(PROMPT);
      shell.type("diagnose sniffer packet any 'icmp' 1\n");
      shell.awaitEnd("filters=[icmp]\n");
    }
    // The server notices the client's close on its own IO thread, then the close reaches the
    // appliance's mailbox: asked there until it has, for at most 10 s (a count of round trips
    // could run out before the server even saw the close).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (running() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertFalse(running(), "nobody reads it any more");
  }

  @Test
  void anExecRequestWaitsForTheCount() throws Exception {
    SshRig.Run r =
        SshRig.exec(
            rig.endpoints.get(0), SshRig.PASSWORD, "diagnose sniffer packet port1 'port 22' 1 2");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("\n2 packets received by filter\n"), r.out());
  }

  private static boolean running() throws Exception {
    Firmware fw = rig.devices.get(0);
    return fw.appliance().call(() -> fw.sniffer().running()).get(5, TimeUnit.SECONDS);
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** An interactive shell (no terminal) through MINA's client, and what it printed so far. */
  private static final class Shell implements AutoCloseable {
    private final ClientSession session;
    private final ChannelShell channel;
    private final StringBuilder text = new StringBuilder();

    Shell(InetSocketAddress at) throws IOException {
      session =
          client
              .connect("admin", at.getAddress().getHostAddress(), at.getPort())
              .verify(LIMIT)
              .getSession();
      session.addPasswordIdentity(SshRig.PASSWORD);
      session.auth().verify(LIMIT);
      channel = session.createShellChannel();
      channel.setOut(
          new OutputStream() {
            @Override
            public void write(int b) {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              synchronized (text) { // a terminal's CR LF read as LF
                text.append(new String(b, off, len, StandardCharsets.UTF_8).replace("\r", ""));
                text.notifyAll();
              }
            }
          });
      channel.open().verify(LIMIT);
    }

    void type(String keys) throws IOException {
      OutputStream in = channel.getInvertedIn();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Waits until the output ends with {@code end}; returns it all and starts afresh. */
    String awaitEnd(String end) throws InterruptedException {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      synchronized (text) {
        while (!text.toString().endsWith(end)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            fail("no '" + end + "' at the end of:\n" + text);
          }
          TimeUnit.NANOSECONDS.timedWait(text, left);
        }
        String all = text.toString();
        text.setLength(0);
        return all;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close(false);
      session.close(false);
    }
  }
}
