package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.firmware.scep.transport.MicromdmScepServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storm against micromdm's {@code scepserver -allowrenew 0} (10 devices x 2 VDOMs): every
 * certificate enrolled and renewed. micromdm dates its certificates from the host's clock, so each
 * renewed one is due again on the fast-forwarded clock; the storm counts it once and stops its
 * auto-regeneration instead of letting forticron renew it at every back-off step. Without a bound,
 * micromdm's file depot may refuse part of a burst (badRequest): those tries are counted and asked
 * again; with {@code --max-in-flight 1} nothing fails.
 */
class StormMicromdmTest {

  private static final String CHALLENGE = "storm-test";

  @TempDir Path dir;

  @BeforeEach
  void needsScepserver() {
    MicromdmScepServer.require();
  }

  @Test
  void unboundedEveryCertificateIsEnrolledAndRenewedOnceWhateverMicromdmRefused() throws Exception {
    Run run = stormAgainstMicromdm(0, ScepFlow.FORTIOS);
    StormRun.Outcome o = run.outcome();
    String why = run.why();

    assertTrue(o.allRenewed(), why);
    assertEquals(20, o.results().enroll().ok(), why);
    assertEquals(20, o.results().storm().ok(), why);
    // Whatever failed is micromdm's FAILURE badRequest, counted, and was asked again.
    assertTrue(
        Set.of("failInfo badrequest").containsAll(o.results().failuresByKind().keySet()),
        () -> o.results().failuresByKind() + "\n" + why);
    assertEquals("20", dueAgain(o), why);
  }

  /** Both SCEP flows: micromdm takes the FortiOS one (GET, PKCSReq renewal) and RFC 8894's. */
  @ParameterizedTest
  @EnumSource(ScepFlow.class)
  void oneTransactionInFlightNothingFails(ScepFlow flow) throws Exception {
    Run run = stormAgainstMicromdm(1, flow);
    StormRun.Outcome o = run.outcome();
    String why = run.why();

    assertTrue(o.allRenewed(), why);
    assertEquals(0, o.results().enroll().failed(), why);
    assertEquals(0, o.results().storm().failed(), why);
    assertEquals(20, o.results().storm().ok(), why);
    assertEquals("1", o.results().parameters().get("--max-in-flight"), why);
    assertEquals("0", o.results().parameters().get("key pool misses"), why);
  }

  /**
   * The warm-up runs on a clock and an embedded CA of its own: micromdm issues the fleet's
   * certificates only, dated by the host's clock, which the fleet's clock still agrees with. On the
   * fleet's clock the warm-up's rounds would have moved it two renewal periods ahead of micromdm's
   * dates before the fleet enrolled.
   */
  @Test
  void aWarmUpApartLeavesMicromdmAndTheFleetsClockAlone() throws Exception {
    Run run = stormAgainstMicromdm(1, ScepFlow.FORTIOS, 3);
    StormRun.Outcome o = run.outcome();
    String why = run.why();

    assertTrue(o.allRenewed(), why);
    assertEquals(0, o.results().storm().failed() + o.results().storm().failedTries(), why);
    assertEquals(20, o.results().storm().ok(), why);
    // 3 appliances x 2 VDOMs, each enrolled and renewed twice, all with the warm-up's own CA.
    assertTrue(
        o.results()
            .parameters()
            .get("warm-up")
            .matches(
                "18 enrollments and renewals outside the fleet, [0-9.]+ s wall, [0-9.]+ s CPU"),
        why);
    assertTrue(why.contains("Warm-up: 3 appliances outside the fleet"), why);
    // Every renewed certificate was due again at once (micromdm's dates) and stopped renewing.
    assertEquals("20", dueAgain(o), why);
    // micromdm issued the fleet's 20 enrollments and 20 renewals, nothing else.
    assertEquals(40, run.issued(), why);
  }

  /** Renewed certificates due again at once, whose auto-regenerate-days the storm set to 0. */
  private static String dueAgain(StormRun.Outcome o) {
    return o.results()
        .parameters()
        .get("renewed already due again (CA clock behind; auto-regenerate then set 0)");
  }

  /** A storm's outcome, what to print when an assertion on it fails, and what micromdm issued. */
  private record Run(StormRun.Outcome outcome, String why, long issued) {}

  /** 10 devices x 2 VDOMs against a fresh scepserver ({@code -allowrenew 0}), no warm-up. */
  private Run stormAgainstMicromdm(int maxInFlight, ScepFlow flow) throws Exception {
    return stormAgainstMicromdm(maxInFlight, flow, 0);
  }

  /** The same after a warm-up of {@code warmup} appliances. */
  private Run stormAgainstMicromdm(int maxInFlight, ScepFlow flow, int warmup) throws Exception {
    try (MicromdmScepServer ca =
        MicromdmScepServer.builder()
            .challenge(CHALLENGE)
            .allowRenewDays(0)
            .organization("fwsim storm test CA")
            .start(dir)) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      StormRun.Outcome o =
          StormRun.run(
              settings(ca.url(), maxInFlight, flow),
              new PrintStream(log, true, StandardCharsets.UTF_8),
              1,
              warmup);
      // micromdm's depot has a line in index.txt per certificate it issued.
      long issued;
      try (Stream<String> lines = Files.lines(ca.depot().resolve("index.txt"))) {
        issued = lines.filter(l -> !l.isBlank()).count();
      }
      return new Run(
          o,
          o.problems()
              + "\n"
              + log.toString(StandardCharsets.UTF_8)
              + "\nscepserver:\n"
              + tail(ca.output()),
          issued);
    }
  }

  private static StormSettings settings(String url, int maxInFlight, ScepFlow flow) {
    return QuickStorms.settings(
        10, 2, url, CHALLENGE, FaultPlan.NONE, maxInFlight, flow, EnrollProtocol.SCEP);
  }

  private static String tail(String text) {
    return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
  }
}
