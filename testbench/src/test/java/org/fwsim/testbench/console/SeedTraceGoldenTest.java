package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.testbench.ca.CaFaults;
import org.junit.jupiter.api.Test;

/**
 * The two seed scenarios replayed at the console, their traces compared with the seeds line by line
 * apart from values (sizes, ids, nonces, times, addresses, pointers).
 *
 * <p>The expected traces are fixture files cut from the seeds: {@code kb-262267-scep-enrollment} is
 * KB-262267's {@code diagnose debug application scep -1} output of a CLI enrollment that the CA
 * holds PENDING and grants on the CertPoll; {@code kb-420924-forticron-renewal} is KB-420924's
 * {@code diagnose debug application forticron 255} output of an auto-regeneration the CA refuses.
 */
class SeedTraceGoldenTest extends ConsoleScriptTest {

  private static final String URL = "http://10.5.149.111/app/cert/scep/";

  /** Values, most specific first; everything else must match the seed as written. */
  private static final List<String[]> VALUES =
      List.of(
          new String[] {"^(subject|issuer): .*", "$1: <dn>"},
          new String[] {"^Date: .*", "Date: <date>"},
          new String[] {"expires at .* GMT$", "expires at <date> GMT"},
          new String[] {"0x[0-9a-f]{8,}", "<pointer>"},
          new String[] {"\\b[0-9A-F]{32}\\b", "<hex>"},
          new String[] {"\\b\\d{1,3}(\\.\\d{1,3}){3}\\b", "<ip>"},
          new String[] {"\\b\\d+ bytes", "<n> bytes"},
          new String[] {"(new size|fd|socket:|interface|content-length) \\d+", "$1 <n>"},
          new String[] {"(pos|len|sz|content-length)=\\d+", "$1=<n>"},
          new String[] {"Content-Length: \\d+", "Content-Length: <n>"},
          new String[] {"ip>:\\d+", "ip>:<port>"});

  /**
   * The console's own lines between the debug lines: prompts, the commands' answers and its remarks
   * ("fwsim: work still in flight" where a script leaves a request with the CA's operator).
   */
  private static final Pattern CONSOLE =
      Pattern.compile(
          "FGVM01 [#(]|Simulation time: |Speed: |Approved \\d|Manual approval: |Certificate \\w+: "
              + "|fwsim: ");

  /** KB-420924's renewal settings for FAC_SCEP. */
  private static final String RENEWAL =
      "config vpn certificate local\nedit FAC_SCEP\nset scep-url "
          + URL
          + "\nset enroll-protocol scep\nset auto-regenerate-days 7\n"
          + "set auto-regenerate-days-warning 14\nset scep-password fwsim-test\nnext\nend\n";

  private static final String FORTICRON_TRACE =
      "diagnose debug application forticron 255\ndiagnose debug enable\n";

  /** The seed's forticron renewal trace (KB-420924). */
  private static final String RENEWAL_TRACE = "kb-420924-forticron-renewal.trace";

  /** KB-262267's CLI enrollment with its scep trace, the CA holding requests for approval. */
  private static final String ENROLL_PENDING =
      "sim ca pending on\ndiagnose debug application scep -1\ndiagnose debug enable\n"
          + generate("IPSECVPNTest");

  @Test
  void kb262267CliEnrollmentPendingThenGranted() throws Exception {
    Hypervisor hv = hv();
    ConsoleSimulation sim = sim();
    // The console waits for an enrollment at the end of a script, and this one waits for the
    // CA's operator: a short settle, then the test waits until the CA holds the request. Where
    // the settle left the trace does not matter: the console's remark is not part of it.
    bytes.reset();
    sim.runScript(
        new BufferedReader(new StringReader(ENROLL_PENDING)), out, Duration.ofMillis(200));
    // The script is over, so the debug lines that follow go where a terminal would show them.
    sim.firmware().setConsoleSink(out::println);
    HypervisorDriver driver = HypervisorDriver.of(hv);
    driver.doWorkUntil(() -> !sim.ca().approvals().list().isEmpty());
    // ... and until the appliance has read the PENDING answer and set its poll timer.
    driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);
    String held = bytes.toString(StandardCharsets.UTF_8);
    String t = held + run("sim ca approve all\nsim clock advance 5m\n");
    assertEnrollmentTrace(t);
  }

  @Test
  void kb262267AsOneScriptAsANewUserWouldPipeIt() throws Exception {
    // No waits of the test's own: the console settles the simulation before each sim control, so
    // the approval meets the request the CA holds, as it would at a terminal.
    ConsoleSimulation sim = sim();
    String t = run(ENROLL_PENDING + "sim ca approve all\n" + "sim clock advance 5m\n");
    assertTrue(t.contains("Approved 1 request(s)."), t);
    assertEnrollmentTrace(t);
  }

  @Test
  void kb420924ForticronRenewalRefusedByTheCa() throws Exception {
    ConsoleSimulation sim = sim();
    run(generate("FAC_SCEP"));
    run(RENEWAL + "sim clock advance 357d23h50m\n");
    // The CA refuses the renewal (FAILURE, badRequest), as the seed's FortiAuthenticator did.
    sim.ca().setFaults(CaFaults.NONE.withBadRequestFraction(1.0));
    String t = run(FORTICRON_TRACE + "sim clock advance 10m\n");
    // forticron's traf_his timer, a minute after cert_upd.
    t += run("sim clock advance 1m\n");
    assertGolden(RENEWAL_TRACE, renewalWindow(t));
  }

  @Test
  void kb420924AsOneScriptWithTheCaAnsweringGarbage() throws Exception {
    // The seed's FortiAuthenticator answered 25 bytes that are no pkiMessage: sim ca fault garbage.
    ConsoleSimulation sim = sim();
    String t =
        run(
            generate("FAC_SCEP")
                + RENEWAL
                + "sim clock advance 357d23h50m\n"
                + "sim ca fault garbage\n"
                + FORTICRON_TRACE
                + "sim clock advance 10m\n"
                + "sim clock advance 1m\n");
    assertTrue(t.contains("CA fault: garbage"), t);
    List<String> trace = renewalWindow(t);
    assertTrue(trace.contains("find_content_length()-273: content-length 25"), trace.toString());
    assertGolden(RENEWAL_TRACE, trace);
  }

  @Test
  void aScriptEndingWithAClockJumpPrintsTheRenewalItFires() throws Exception {
    // As ./fwsim console runs: a realtime clock and worker threads, no pump of the test's own. The
    // last line's jump makes the renewal due; the console waits for it before it ends.
    try (Hypervisor hv =
            Hypervisor.builder(SimClock.realtime(START))
                .workers(1)
                .ioThreads(1)
                .keygenThreads(1)
                .build();
        ConsoleSimulation sim = ConsoleSimulation.start(settings(), hv, () -> {}, out)) {
      String t =
          run(
              sim,
              generate("FAC_SCEP")
                  + RENEWAL
                  + "sim clock advance 357d23h45m\n"
                  + "sim ca fault garbage\n"
                  + FORTICRON_TRACE
                  + "sim clock advance 20m\n");
      assertTrue(t.contains("scep_recv()-554: SCEP request is failed"), t);
    }
  }

  /** KB-262267's enrollment, from the first parsed SCEP header to the written certificate. */
  private static void assertEnrollmentTrace(String transcript) throws IOException {
    assertGolden(
        "kb-262267-scep-enrollment.trace",
        window(transcript, "scep_parse_header:", "certificate written as"));
  }

  /** forticron's renewal round, from the cert_upd timer to the traf_his timer after it. */
  private static List<String> renewalWindow(String transcript) {
    return window(transcript, "fcron_timer_func()-25: Timer cert_upd fired", "Timer traf_his done");
  }

  /** From the first line starting with {@code first} to the next line containing {@code last}. */
  private static List<String> window(String transcript, String first, String last) {
    List<String> lines =
        transcript
            .lines()
            .map(String::stripTrailing)
            .filter(l -> !CONSOLE.matcher(l).lookingAt())
            .toList();
    int start = 0;
    while (start < lines.size() && !lines.get(start).startsWith(first)) {
      start++;
    }
    assertTrue(start < lines.size(), "no line starting with '" + first + "' in\n" + transcript);
    int end = start;
    while (end < lines.size() && !lines.get(end).contains(last)) {
      end++;
    }
    assertTrue(end < lines.size(), "no line with '" + last + "' in\n" + transcript);
    return lines.subList(start, end + 1);
  }

  private static void assertGolden(String fixture, List<String> actual) throws IOException {
    List<String> expected = normalise(fixture(fixture));
    List<String> got = normalise(actual);
    String both =
        "expected (seed):\n"
            + String.join("\n", expected)
            + "\n\nactual:\n"
            + String.join("\n", got);
    for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
      assertEquals(expected.get(i), got.get(i), "line " + (i + 1) + " of " + fixture + "\n" + both);
    }
    assertEquals(expected.size(), got.size(), "line count of " + fixture + "\n" + both);
  }

  private static List<String> normalise(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      String l = line.stripTrailing();
      for (String[] v : VALUES) {
        l = Pattern.compile(v[0]).matcher(l).replaceAll(v[1]);
      }
      out.add(l);
    }
    return out;
  }

  private static List<String> fixture(String name) throws IOException {
    try (InputStream in = SeedTraceGoldenTest.class.getResourceAsStream("seeds/" + name)) {
      assertTrue(in != null, "missing fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
