package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;

/**
 * What the console tests share: the console's output captured in {@link #bytes}, settings with a
 * fixed challenge, a script runner that requires the script to succeed, and the simulation most
 * tests run on ({@link #sim()}), which the fixture opens on first use and closes after the test.
 */
abstract class ConsoleScriptTest {

  /** The virtual date the console tests start on. */
  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  /** The embedded CA's challenge password in these tests. */
  static final String CHALLENGE = "fwsim-test";

  /**
   * The most a script waits at its end for the work it started: a bound on a starved host, not a
   * speed the test expects (a quiet machine settles in well under a second).
   */
  static final Duration SETTLE = Duration.ofSeconds(120);

  /** The CA's SCEP URL as the appliances of these tests reach it. */
  static final String CA_URL = "http://10.5.149.111/app/cert/scep/";

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private Hypervisor hypervisor;
  private ConsoleSimulation simulation;

  /** The defaults with the embedded CA's challenge fixed, no configuration file, no saving. */
  static ConsoleSimulation.Settings settings() {
    return settings(null, false);
  }

  /** The defaults with the embedded CA's challenge fixed, this configuration file and saving. */
  static ConsoleSimulation.Settings settings(Path configFile, boolean save) {
    ConsoleSimulation.Settings d = ConsoleSimulation.Settings.defaults();
    return new ConsoleSimulation.Settings(
        configFile, save, null, CHALLENGE, d.hostname(), d.serial(), d.commandTimeout());
  }

  /** A hypervisor on a fast-forward clock from {@code start}, driven by the test (no workers). */
  static Hypervisor hypervisor(Instant start) {
    return TestHypervisors.builder(start).build();
  }

  /** The simulation on {@code hv} with {@link #settings()}, printing to {@link #out}. */
  ConsoleSimulation start(Hypervisor hv) throws IOException {
    return start(hv, settings());
  }

  /** The simulation on {@code hv} with {@code settings}; {@link #bytes} holds what it prints. */
  ConsoleSimulation start(Hypervisor hv, ConsoleSimulation.Settings settings) throws IOException {
    bytes.reset();
    return ConsoleSimulation.start(settings, hv, hv::runUntilIdle, out);
  }

  /**
   * The test's simulation with {@link #settings()} on a hypervisor from {@link #START}: opened on
   * the first call, the same one after, closed with its hypervisor when the test ends.
   */
  ConsoleSimulation sim() throws IOException {
    if (simulation == null) {
      hypervisor = hypervisor(START);
      simulation = start(hypervisor);
    }
    return simulation;
  }

  /** The hypervisor under {@link #sim()}. */
  Hypervisor hv() throws IOException {
    sim();
    return hypervisor;
  }

  /** Closes what {@link #sim()} opened, the simulation before the hypervisor it runs on. */
  @AfterEach
  void closeSimulation() {
    try (Hypervisor hv = hypervisor;
        ConsoleSimulation sim = simulation) {
      simulation = null;
      hypervisor = null;
    }
  }

  /** {@code execute vpn certificate local generate rsa} of {@code name} from {@link #CA_URL}. */
  static String generate(String name) {
    return generate("rsa " + name + " 2048 myvpn", "\"\"", CHALLENGE);
  }

  /**
   * {@code execute vpn certificate local generate} from {@link #CA_URL}: {@code keyAndCn} is the
   * key type, name, size or curve and common name ({@code "rsa NAME 2048 myvpn"}), {@code email}
   * the e-mail address ({@code "\"\""} for none).
   */
  static String generate(String keyAndCn, String email, String challenge) {
    return "execute vpn certificate local generate "
        + keyAndCn
        + " NL NH Amsterdam Fortinet \"\" "
        + email
        + " \"\" "
        + CA_URL
        + " "
        + challenge
        + "\n";
  }

  /** Runs console lines on {@link #sim()}, which must succeed within {@link #SETTLE}. */
  String run(String script) throws Exception {
    return run(sim(), script);
  }

  /** Runs console lines, which must succeed within {@link #SETTLE}; returns what they printed. */
  String run(ConsoleSimulation sim, String script) throws Exception {
    bytes.reset();
    assertEquals(0, sim.runScript(new BufferedReader(new StringReader(script)), out, SETTLE));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The certificate {@code name} of the appliance's global store, as installed now. */
  static X509Certificate globalLocal(ConsoleSimulation sim, String name) {
    return sim.firmware()
        .appliance()
        .globalCerts()
        .snapshot()
        .findLocal(name)
        .orElseThrow()
        .certificate();
  }
}
