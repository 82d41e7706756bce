package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.testbench.report.ReportFiles;
import org.fwsim.testbench.report.SummaryTable;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RoundResult;
import org.fwsim.testbench.report.model.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small storm in-process (5 devices x 2 VDOMs, RSA-2048, embedded CA): every certificate is
 * enrolled through the firmware's CLI, renewed by forticron with a new serial, and results.json
 * carries the fields the issue names.
 */
class StormRunTest {

  @TempDir Path dir;

  /** A storm's outcome and what it printed. */
  private record Run(StormRun.Outcome outcome, String printed) {}

  private static Run run(StormSettings settings, int rounds) throws Exception {
    return run(settings, rounds, 0);
  }

  private static Run run(StormSettings settings, int rounds, int warmup) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StormRun.Outcome o =
        StormRun.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), rounds, warmup);
    return new Run(o, log.toString(StandardCharsets.UTF_8));
  }

  /** results.json of {@code results}, written as the storm writes it and read back. */
  private JsonNode json(RunResults results) throws Exception {
    ReportFiles.write(results, dir);
    return new ObjectMapper().readTree(dir.resolve(ReportFiles.JSON).toFile());
  }

  @Test
  void everyCertificateIsRenewedAndTheJsonSaysSo() throws Exception {
    Run run = run(settings(5, 2, FaultPlan.NONE), 1);
    StormRun.Outcome o = run.outcome();
    String printed = run.printed();
    assertEquals(10, o.certificates());
    assertEquals(10, o.valid(), () -> o.problems() + "\n" + printed);
    assertEquals(10, o.renewed(), () -> o.problems() + "\n" + printed);

    JsonNode json = json(o.results());
    assertEquals(5.0, num(json, "devices"));
    assertEquals(2.0, num(json, "vdoms"));
    assertEquals(10.0, num(json, "certificates"));
    JsonNode keygen = json.get("keygen");
    assertEquals(20.0, num(keygen, "keys"));
    JsonNode enroll = json.get("enroll");
    assertEquals(10.0, num(enroll, "ok"));
    assertEquals(0.0, num(enroll, "failed"));
    assertTrue(num(enroll, "per_second") > 0);
    JsonNode storm = json.get("storm");
    assertEquals(10.0, num(storm, "ok"));
    assertEquals(0.0, num(storm, "failed"));
    assertTrue(num(storm, "seconds") > 0 && num(storm, "per_second") > 0);
    JsonNode latency = storm.get("latency_ms");
    assertTrue(
        num(latency, "p50") > 0
            && num(latency, "p50") <= num(latency, "p99")
            && num(latency, "p99") <= num(latency, "max") * 1.05,
        latency::toString);
    assertTrue(num(json, "crypto_bound_per_second") > 0);
    assertEquals(
        num(storm, "per_second") / num(json, "crypto_bound_per_second"),
        num(json, "efficiency"),
        1e-3);
    assertTrue(num(json, "heap_bytes_per_appliance") > 0);
    assertTrue(Files.readString(dir.resolve(ReportFiles.HTML)).contains("<svg"));
    assertEquals("none", json.get("parameters").get("warm-up").textValue());
  }

  @Test
  void theWarmUpRunsAsItsOwnPhaseAndNoWarmUpApplianceCountsInTheStorm() throws Exception {
    Run run = run(settings(3, 2, FaultPlan.NONE), 1, 4);
    StormRun.Outcome o = run.outcome();
    String printed = run.printed();
    // 4 appliances x 2 VDOMs, each certificate enrolled and renewed twice: 24 transactions.
    assertTrue(
        printed.contains("Warm-up: 4 appliances outside the fleet, 24 enrollments and renewals"),
        printed);
    // The end-of-run check and every count are the fleet's six certificates, none of the eight
    // warm-up ones.
    assertEquals(6, o.certificates());
    assertTrue(o.allRenewed(), () -> o.problems() + "\n" + printed);
    assertEquals(6, o.valid());
    assertEquals(6, o.results().enroll().ok());
    assertEquals(6, o.results().storm().ok());
    assertEquals(0, o.results().storm().failed(), printed);
    assertEquals(6, o.results().certificates());

    JsonNode json = json(o.results());
    JsonNode params = json.get("parameters");
    String warmup = params.get("warm-up").textValue();
    assertTrue(
        warmup.matches(
            "24 enrollments and renewals outside the fleet, [0-9.]+ s wall, [0-9.]+ s" + " CPU"),
        warmup);
    assertTrue(params.get("wall time by step").textValue().contains("warmup "), params::toString);
    assertEquals(6.0, num(json.get("storm"), "ok"));
    assertTrue(Files.readString(dir.resolve(ReportFiles.HTML)).contains(warmup));
  }

  @Test
  void http500DuringTheStormIsRetriedUntilEveryDeviceIsRenewed() throws Exception {
    StormRun.Outcome o = run(settings(3, 1, FaultPlan.parse("http500:1")), 1).outcome();
    assertTrue(o.allRenewed(), () -> o.problems().toString());
    // Each certificate counts once: renewed, whatever tries failed before; the failed tries are
    // counted apart, by kind.
    PhaseResult storm = o.results().storm();
    assertEquals(3, storm.ok());
    assertEquals(0, storm.failed(), storm::toString);
    assertTrue(storm.failedTries() >= 3, () -> "failed tries " + storm.failedTries());
    assertEquals(storm.failedTries(), o.results().failuresByKind().get("http 500 [http500]"));
    assertEquals(0, storm.inFlight());
  }

  @Test
  void faultsComposeAndEachFailureNamesTheFaultBehindIt() throws Exception {
    Run run = run(settings(10, 1, FaultPlan.parse("ca-down:1m,http500:0.2,garbage:0.5")), 1);
    StormRun.Outcome o = run.outcome();
    Map<String, Long> kinds = o.results().failuresByKind();
    String why = kinds + "\n" + run.printed();
    assertTrue(o.allRenewed(), () -> o.problems() + "\n" + why);
    assertEquals(10, o.results().storm().ok());
    // The CA down first does not hide the other two: each shows, under its own name.
    assertTrue(kinds.getOrDefault("connection [ca-down]", 0L) >= 10, why);
    assertTrue(kinds.containsKey("http 500 [http500]"), why);
    assertTrue(kinds.containsKey("bad reply [garbage]"), why);
    assertTrue(kinds.keySet().stream().allMatch(k -> k.endsWith("]")), "unexplained: " + why);
    // Fractions, not switches: some requests in the window went through at the first retry.
    assertTrue(kinds.get("http 500 [http500]") < 10, why);

    assertTrue(Double.isNaN(o.results().efficiency()));
    String summary = SummaryTable.render(o.results());
    assertTrue(
        summary
            .lines()
            .anyMatch(l -> l.startsWith("efficiency ") && l.endsWith(" – (faults injected)")),
        summary);
    JsonNode json = json(o.results());
    assertTrue(json.has("efficiency") && json.get("efficiency").isNull(), json::toString);
    JsonNode byKind = json.get("failures_by_kind");
    assertTrue(byKind.has("bad reply [garbage]"), byKind::toString);
    assertTrue(
        Files.readString(dir.resolve(ReportFiles.HTML)).contains("none with faults injected"));
  }

  @Test
  void roundsRenewTheSameFleetAgainAndTheJsonHasEachRoundsRateAndHeap() throws Exception {
    Run run = run(settings(3, 1, FaultPlan.NONE), 3);
    StormRun.Outcome o = run.outcome();
    String printed = run.printed();
    // The check after the last round: every certificate valid and replaced in that round.
    assertTrue(o.allRenewed(), () -> o.problems() + "\n" + printed);
    assertEquals(3, o.results().rounds().size(), printed);
    for (int r = 0; r < 3; r++) {
      RoundResult round = o.results().rounds().get(r);
      assertEquals(r + 1, round.round());
      assertEquals(3, round.ok(), () -> round + "\n" + printed);
      assertTrue(round.perSecond() > 0 && round.heapBytes() > 0, round::toString);
    }
    assertTrue(printed.contains("Round 3 of 3: 3 renewed"), printed);

    JsonNode json = json(o.results());
    JsonNode rounds = json.get("rounds");
    assertEquals(3, rounds.size(), json::toString);
    assertEquals(3.0, num(rounds.get(2), "round"));
    assertEquals(3.0, num(rounds.get(2), "ok"));
    assertTrue(num(rounds.get(1), "per_second") > 0 && num(rounds.get(1), "heap_bytes") > 0);
  }

  @Test
  void aCaThatRefusesEveryRenewalEndsTheStormAWeekAfterExpiryNotAtTheTimeout() throws Exception {
    Run run = run(settings(2, 1, FaultPlan.parse("badrequest:1")), 1);
    StormRun.Outcome o = run.outcome();
    assertEquals(0, o.results().storm().ok());
    // Given up once each, however often they were refused before.
    assertEquals(2, o.results().storm().failed(), () -> o.results().storm().toString());
    assertEquals(0, o.results().storm().inFlight());
    assertEquals(
        2L,
        o.results().failuresByKind().get("not renewed 7 d after expiry"),
        () -> o.results().failuresByKind() + "\n" + run.printed());
    assertTrue(run.printed().contains("2 certificate(s) not renewed 7 d after expiry"));
  }

  @Test
  void port1DownDuringTheStormDelaysRootButEveryDeviceIsRenewed() throws Exception {
    Run run = run(settings(2, 2, FaultPlan.parse("link-down")), 1);
    StormRun.Outcome o = run.outcome();
    assertTrue(o.allRenewed(), () -> o.problems().toString());
    // Only the root VDOM goes out through port1: its two certificates fail at least once.
    assertTrue(
        o.results().failuresByKind().getOrDefault("egress down [link-down]", 0L) >= 2,
        () -> o.results().failuresByKind() + "\n" + run.printed());
    assertEquals(4, o.results().storm().ok());
  }

  private static StormSettings settings(int devices, int vdoms, FaultPlan faults) {
    return QuickStorms.settings(
        devices, vdoms, null, "test-challenge", faults, 0, ScepFlow.FORTIOS, EnrollProtocol.SCEP);
  }

  private static double num(JsonNode m, String key) {
    JsonNode v = m.get(key);
    assertTrue(v != null && v.isNumber(), () -> key + " is not a number in " + m);
    return v.doubleValue();
  }
}
