package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.TestHypervisors;
import org.fwsim.testbench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fwsim console} in-process: stdin as a reader, stdout as a stream, a 0-worker hypervisor.
 */
class ConsoleSimulationTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  /** What one console run printed, and its exit status. */
  private record Run(String out, int exit) {}

  private static Run console(ConsoleSimulation.Settings settings, String script, Hypervisor hv)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit;
    try (ConsoleSimulation sim = ConsoleSimulation.start(settings, hv, hv::runUntilIdle, out)) {
      exit =
          sim.runScript(new BufferedReader(new StringReader(script)), out, Duration.ofSeconds(5));
    }
    return new Run(bytes.toString(StandardCharsets.UTF_8), exit);
  }

  private static Hypervisor hypervisor() {
    return TestHypervisors.builder(START).build();
  }

  private static ConsoleSimulation.Settings fixedChallenge() {
    ConsoleSimulation.Settings d = ConsoleSimulation.Settings.defaults();
    return new ConsoleSimulation.Settings(
        null, true, null, "fwsim-test", d.hostname(), d.serial(), d.commandTimeout());
  }

  @Test
  void embeddedCaIsAnnouncedServesAtItsSimulatedAddressAndIsControlledBySimCa() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (Hypervisor hv = hypervisor()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      try (ConsoleSimulation sim =
          ConsoleSimulation.start(fixedChallenge(), hv, hv::runUntilIdle, out)) {
        // The CA answers at the loopback endpoint the underlay maps 10.5.149.111:80 to.
        InetSocketAddress host = hv.underlay().resolve(Ip4.parse("10.5.149.111"), 80);
        assertTrue(host.getAddress().isLoopbackAddress());
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        HttpResponse<String> caps =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + host.getAddress().getHostAddress()
                                + ":"
                                + host.getPort()
                                + "/app/cert/scep/?operation=GetCACaps"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, caps.statusCode());
        assertTrue(caps.body().contains("Renewal"), caps.body());

        int exit =
            sim.runScript(
                new BufferedReader(
                    new StringReader(
                        """
            sim ca list
            sim ca pending on
            sim ca list
            sim ca approve 0123456789ABCDEF0123456789ABCDEF
            sim ca approve all
            sim ca pending maybe
            """)),
                out,
                Duration.ofSeconds(5));
        assertEquals(0, exit);
        assertTrue(sim.ca().approvals().manual());
      }
      String t = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(
          t.startsWith(
              "Embedded CA: http://10.5.149.111/app/cert/scep/ challenge ********\n"
                  + "Embedded EST: https://10.5.149.111 user est, password the challenge\n"
                  + "FGVM01 # sim ca list\nEmbedded CA: http://10.5.149.111/app/cert/scep/\n"
                  + "Manual approval: off\nIssued certificates: 0\nNo requests held for approval.\n"),
          t);
      assertTrue(t.contains("FGVM01 # sim ca pending on\nManual approval: on\n"), t);
      assertTrue(
          t.contains(
              "no request waiting with transaction id 0123456789ABCDEF0123456789ABCDEF\n"
                  + "Command fail. Return code -3\n"),
          t);
      assertTrue(t.contains("FGVM01 # sim ca approve all\nApproved 0 request(s).\n"), t);
      assertTrue(t.contains("sim ca pending maybe\ncommand parse error before 'maybe'\n"), t);
    }
    assertNoThreadLeft(before);
  }

  @Test
  void simCaLogShowsWhichSimulatedInterfaceEachRequestCameFrom() throws Exception {
    try (Hypervisor hv = hypervisor()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      try (ConsoleSimulation sim =
          ConsoleSimulation.start(fixedChallenge(), hv, hv::runUntilIdle, out)) {
        // Scripts wait for tracked work at their end: import first, then read the log.
        assertEquals(
            0,
            sim.runScript(
                new BufferedReader(
                    new StringReader(
                        """
            sim ca log
            execute vpn certificate ca import auto http://10.5.149.111/app/cert/scep/
            """)),
                out,
                Duration.ofSeconds(10)));
        assertEquals(
            0,
            sim.runScript(
                new BufferedReader(
                    new StringReader(
                        """
            sim ca log 5
            sim ca log 0
            """)),
                out,
                Duration.ofSeconds(5)));
      }
      String t = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(t.contains("FGVM01 # sim ca log\nNo requests yet.\n"), t);
      String log = t.substring(t.indexOf("FGVM01 # sim ca log 5\n"));
      // The lab default routes the CA through port1 (192.168.1.99): the CA saw its loopback image.
      String host = Ip4.toString(hv.underlay().hostAddressOf(0, Ip4.parse("192.168.1.99")));
      assertContainsAll(log, host + ":", "192.168.1.99 port1 FGVM01", "GetCACert");
      assertTrue(
          log.contains("sim ca log 0\nvalue parse error before '0': count is 1 to 1000\n"), log);
    }
  }

  @Test
  void externalCaLeavesSimCaWithAClearError() throws Exception {
    ConsoleSimulation.Settings d = ConsoleSimulation.Settings.defaults();
    ConsoleSimulation.Settings external =
        new ConsoleSimulation.Settings(
            null,
            true,
            "http://127.0.0.1:8080/scep",
            null,
            d.hostname(),
            d.serial(),
            d.commandTimeout());
    try (Hypervisor hv = hypervisor()) {
      Run r = console(external, "sim ca list\nget system status\n", hv);
      assertTrue(r.out().startsWith("External CA: http://127.0.0.1:8080/scep\n"), r.out());
      assertTrue(
          r.out()
              .contains(
                  "no embedded CA: this console uses an external CA (--ca)\n"
                      + "Command fail. Return code -1\n"),
          r.out());
      assertTrue(r.out().contains("Serial-Number: FGVM01TM26000001\n"), r.out());
      assertEquals(0, r.exit());
    }
  }

  @Test
  void unusableCaUrlIsRefusedBeforeBooting() {
    ConsoleSimulation.Settings d = ConsoleSimulation.Settings.defaults();
    ConsoleSimulation.Settings ftp =
        new ConsoleSimulation.Settings(
            null, true, "ftp://10.0.0.1/scep", null, d.hostname(), d.serial(), d.commandTimeout());
    try (Hypervisor hv = hypervisor()) {
      java.io.IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.io.IOException.class,
              () ->
                  ConsoleSimulation.start(
                      ftp, hv, hv::runUntilIdle, new PrintStream(new ByteArrayOutputStream())));
      assertTrue(e.getMessage().startsWith("--ca: scep-url scheme must be http"), e.getMessage());
      assertTrue(hv.appliances().isEmpty(), "nothing booted");
    }
  }

  @Test
  void configFileIsCreatedSavedOnChangeAndBootedFromNextTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab.conf");
    ConsoleSimulation.Settings d = fixedChallenge();
    ConsoleSimulation.Settings withFile =
        new ConsoleSimulation.Settings(
            file, true, null, d.challenge(), "LAB-FW", d.serial(), d.commandTimeout());
    try (Hypervisor hv = hypervisor()) {
      Run first =
          console(
              withFile,
              "config system interface\nedit port2\nset ip 10.5.149.1/24\n" + "next\nend\n",
              hv);
      assertEquals(0, first.exit());
    }
    String saved = Files.readString(file);
    assertTrue(saved.contains("set hostname \"LAB-FW\""), saved);
    assertTrue(saved.contains("set ip 10.5.149.1 255.255.255.0"), saved);
    assertFalse(Files.exists(dir.resolve("lab.conf.tmp")), "the temporary file was renamed");

    try (Hypervisor hv = hypervisor()) {
      Run second = console(withFile, "show system interface port2\n", hv);
      assertTrue(second.out().contains("LAB-FW # show system interface port2\n"), second.out());
      assertTrue(second.out().contains("set ip 10.5.149.1 255.255.255.0"), second.out());
    }
  }

  @Test
  void aDamagedConfigBootsLoudlyAndIsNeverSavedWithoutItsKeys(@TempDir Path dir) throws Exception {
    // Issue 15, item 9: a removed quote, then an unrelated commit, rewrote the file without
    // the local certificate and its key.
    Path file = dir.resolve("lab.conf");
    String key =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww\n"
            + "-----END ENCRYPTED PRIVATE KEY-----";
    String damaged =
        "config system global\n    set hostname \"LAB-FW\"\nend\n"
            + "config vpn certificate local\n    edit \"lab-cert\"\n        set private-key "
            + key
            + "\"\n    next\nend\nconfig system interface\n    edit \"port1\"\n"
            + "        set ip 192.168.1.99 255.255.255.0\n    next\nend\n";
    Files.writeString(file, damaged);
    ConsoleSimulation.Settings d = fixedChallenge();
    ConsoleSimulation.Settings withFile =
        new ConsoleSimulation.Settings(
            file, true, null, d.challenge(), d.hostname(), d.serial(), d.commandTimeout());
    try (Hypervisor hv = hypervisor()) {
      Run run = console(withFile, "config system global\nset alias unrelated\nend\n", hv);
      assertTrue(run.out().contains("fwsim: " + file + ": "), run.out());
      assertTrue(run.out().contains("line(s) refused:\n  line 6: "), run.out());
      assertTrue(
          run.out().contains("1 private key in " + file + " could not be loaded"), run.out());
      assertTrue(run.out().contains("cannot save the configuration to " + file), run.out());
    }
    assertEquals(damaged, Files.readString(file), "the file keeps its key");
    assertEquals(damaged, Files.readString(dir.resolve("lab.conf.bak")));
  }

  @Test
  void anEmptyConfigFileIsRefusedAndLeftAsItIs(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("lab.conf"));
    ConsoleSimulation.Settings d = fixedChallenge();
    ConsoleSimulation.Settings withFile =
        new ConsoleSimulation.Settings(
            file, true, null, d.challenge(), d.hostname(), d.serial(), d.commandTimeout());
    try (Hypervisor hv = hypervisor()) {
      java.io.IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.io.IOException.class, () -> console(withFile, "", hv));
      assertTrue(e.getMessage().startsWith(file + " is empty (0 bytes)"), e.getMessage());
      assertTrue(hv.appliances().isEmpty(), "nothing booted");
    }
    assertEquals(0, Files.size(file));
  }

  @Test
  void theChallengeIsNeverPrintedNotInTheTranscriptTracesOrLogs() throws Exception {
    try (Hypervisor hv = hypervisor()) {
      Run run =
          console(
              fixedChallenge(),
              "diagnose debug application scep -1\ndiagnose debug enable\n"
                  + "execute vpn certificate local generate rsa lab-cert 2048 fgt.lab US CA SV Lab"
                  + " IT a@lab.example \"\" "
                  + ConsoleSimulation.CA_URL
                  + " fwsim-test\n"
                  + "config vpn certificate local\nedit lab-cert\nset scep-password fwsim-test\n"
                  + "next\nend\nshow vpn certificate local lab-cert\nexecute log display\n",
              hv);
      assertTrue(run.out().contains("generate rsa lab-cert 2048"), run.out());
      assertTrue(run.out().contains("/app/cert/scep/ *\n"), run.out());
      assertFalse(run.out().contains("fwsim-test"), run.out());
    }
  }

  @Test
  void consoleIsWiredIntoMainWithHelp() {
    CliRun run = CliRun.of("console", "--help");
    assertEquals(0, run.exitCode());
    String help = run.out();
    assertTrue(help.startsWith("Usage: fwsim console"), help);
    for (String option :
        new String[] {"--config", "--ca", "--no-save", "--script", "--challenge"}) {
      assertTrue(help.contains(option), option + " in " + help);
    }
    String usage = CliRun.of().out();
    assertTrue(usage.contains("console"), usage);
  }

  /** Threads started during the test must all end once everything is closed. */
  private static void assertNoThreadLeft(Set<Thread> before) throws InterruptedException {
    Set<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.isAlive())
            // JDK-internal helpers of the HTTP client used to probe the CA, not ours.
            .filter(
                t ->
                    !t.getName().startsWith("HttpClient")
                        && !t.getName().startsWith("Common-Cleaner")
                        && !t.getName().startsWith("InnocuousThread"))
            .collect(Collectors.toSet());
    for (Thread t : started) {
      t.join(5_000);
    }
    Set<String> alive =
        started.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    assertTrue(alive.isEmpty(), "threads left: " + alive);
  }
}
