package org.fwsim.testbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.testbench.Main;
import org.fwsim.testbench.bench.PhaseRecorder;
import org.fwsim.testbench.bench.RunClock;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RunResults;
import org.fwsim.testbench.report.model.ShardRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code report merge}: shards add up exactly (percentiles from the merged histogram are those of
 * all the values in one histogram), and shards that do not make one run are refused in one line.
 */
class ShardMergeTest {

  private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
  private static final Map<String, String> FLEET =
      Map.of("devices", "100", "vdoms", "1", "key", "ec256", "shards", "4");

  @TempDir Path dir;

  @Test
  void fourShardsAddUpToTheSameValuesRecordedInOneProcess() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    PhaseRecorder whole = recorder("storm");
    List<PhaseRecorder> shards = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shards.add(recorder("storm"));
    }
    for (int v = 0; v < 1000; v++) {
      // Whole microseconds: the maxima go through results.json's three decimals unchanged.
      long nanos = (1 + random.nextLong(3_000_000)) * 1000;
      whole.recordOk(nanos);
      shards.get(v % 4).recordOk(nanos);
      if (v % 97 == 0) {
        whole.recordFailure(v % 2 == 0 ? "badRequest" : "http-500", nanos);
        shards.get(v % 4).recordFailure(v % 2 == 0 ? "badRequest" : "http-500", nanos);
      }
    }
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dirs.add(write("shard-" + i, i, 4, "run-1", FLEET, shards.get(i), i * 250L));
    }

    MergedRun merged = ShardMerge.read(dirs);

    PhaseResult one = end(whole);
    assertEquals(one.ok(), merged.storm().ok());
    assertEquals(one.failed(), merged.storm().failed());
    assertEquals(one.failuresByKind(), merged.storm().failuresByKind());
    PhaseResult.Latency a = one.latencyMs();
    PhaseResult.Latency b = merged.storm().latencyMs();
    assertEquals(a.count(), b.count());
    assertEquals(a.p50(), b.p50());
    assertEquals(a.p90(), b.p90());
    assertEquals(a.p99(), b.p99());
    assertEquals(a.max(), b.max());
    assertEquals(a.mean(), b.mean(), 0.001, "the shards' means weighted by their counts");
    assertEquals(0.75, merged.startSpreadSeconds(), 1e-9);
    assertEquals(
        List.of("0/4", "1/4", "2/4", "3/4"), merged.shards().stream().map(s -> s.label()).toList());
  }

  @Test
  void theRateIsOverTheUnionOfTheWindows() throws Exception {
    // Windows of 10 s starting 0, 5 and 30 s after T0: [0, 15] and [30, 40], 25 s in all.
    List<Path> dirs = new ArrayList<>();
    long[] startsMs = {0, 5000, 30_000};
    Map<String, String> fleet = Map.of("devices", "3", "shards", "3");
    for (int i = 0; i < 3; i++) {
      PhaseRecorder r = recorder("storm");
      for (int k = 0; k < 10; k++) {
        r.recordOk(1_000_000);
      }
      dirs.add(write("s" + i, i, 3, "run-2", fleet, r, startsMs[i]));
    }

    MergedRun merged = ShardMerge.read(dirs);

    assertEquals(25.0, merged.windowSeconds(), 1e-9);
    assertEquals(30 / 25.0, merged.stormPerSecond(), 1e-9);
    assertEquals(30.0, merged.startSpreadSeconds(), 1e-9);
  }

  @Test
  void mergeWritesOneResultsJsonAndReportFromTheCommandLine() throws Exception {
    List<Path> dirs = twoShards("run-3", FLEET_OF_TWO, FLEET_OF_TWO, 0, 1);
    Path out = dir.resolve("merged");

    Cli cli = merge(dirs.get(0).toString(), dirs.get(1).toString(), "--out", out.toString());

    assertEquals(0, cli.code(), cli.err());
    assertTrue(cli.out().contains("Run run-3, 2 shards"), cli.out());
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals(20, json.path("storm").path("ok").asLong());
    assertEquals(2, json.path("per_shard").size());
    assertEquals("run-3", json.path("run_id").asText());
    HdrCodec.decode(json.path("storm").path("latency_hdr").asText()); // a histogram to merge again
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<h2>Shards</h2>"), html);
  }

  @Test
  void shardsOfDifferentFleetsAreRefusedNamingTheParameter() throws Exception {
    Map<String, String> other = new LinkedHashMap<>(FLEET_OF_TWO);
    other.put("devices", "300");
    List<Path> dirs = twoShards("run-4", FLEET_OF_TWO, other, 0, 1);

    Cli cli = merge(dirs.get(0).toString(), dirs.get(1).toString());

    assertEquals(2, cli.code());
    assertEquals(
        "fwsim report merge: shards disagree on devices: 200 in shard 0/2 ("
            + dirs.get(0)
            + "), 300 in shard 1/2 ("
            + dirs.get(1)
            + ")\n",
        cli.err());
  }

  @Test
  void aShardTwiceIsRefused() throws Exception {
    List<Path> dirs = twoShards("run-5", FLEET_OF_TWO, FLEET_OF_TWO, 1, 1);
    Cli cli = merge(dirs.get(0).toString(), dirs.get(1).toString());
    assertEquals(2, cli.code());
    assertEquals(
        "fwsim report merge: shard 1/2 twice: " + dirs.get(0) + " and " + dirs.get(1) + "\n",
        cli.err());
  }

  @Test
  void aMissingShardIsRefused() throws Exception {
    List<Path> dirs = twoShards("run-6", FLEET_OF_TWO, FLEET_OF_TWO, 0, 1);
    Cli cli = merge(dirs.get(1).toString());
    assertEquals(2, cli.code());
    assertEquals(
        "fwsim report merge: shard 0/2 missing: give the results of all 2 shards of run run-6\n",
        cli.err());
  }

  @Test
  void resultsOfAnotherRunAreRefused() throws Exception {
    PhaseRecorder r = recorder("storm");
    r.recordOk(1_000_000);
    Path a = write("a", 0, 2, "run-7", FLEET_OF_TWO, r, 0);
    Path b = write("b", 1, 2, "run-8", FLEET_OF_TWO, r, 0);
    Cli cli = merge(a.toString(), b.toString());
    assertEquals(2, cli.code());
    assertEquals(
        "fwsim report merge: results from another run: shard 1/2 ("
            + b
            + ") has run id run-8, shard 0/2 ("
            + a
            + ") has run-7\n",
        cli.err());
  }

  @Test
  void aDirectoryWithoutShardResultsIsRefused() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli cli = merge(empty.toString());
    assertEquals(2, cli.code());
    assertEquals("fwsim report merge: " + empty + ": no results.json\n", cli.err());
    ReportFiles.write(ReportFilesTest.sampleRun(), empty);
    cli = merge(empty.toString());
    assertTrue(cli.err().contains("results.json: no shard record"), cli.err());
  }

  private static final Map<String, String> FLEET_OF_TWO = Map.of("devices", "200", "shards", "2");

  private List<Path> twoShards(
      String run, Map<String, String> fleetA, Map<String, String> fleetB, int indexA, int indexB)
      throws Exception {
    PhaseRecorder r = recorder("storm");
    for (int k = 0; k < 10; k++) {
      r.recordOk((k + 1) * 1_000_000L);
    }
    return List.of(
        write("a", indexA, 2, run, fleetA, r, 0), write("b", indexB, 2, run, fleetB, r, 100));
  }

  private record Cli(int code, String out, String err) {}

  private static Cli merge(String... args) {
    CommandLine cli = Main.commandLine();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    String[] all = new String[args.length + 2];
    all[0] = "report";
    all[1] = "merge";
    System.arraycopy(args, 0, all, 2, args.length);
    int code = cli.execute(all);
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static PhaseRecorder recorder(String phase) {
    AtomicLong now = new AtomicLong();
    PhaseRecorder r = new PhaseRecorder(phase, new SimpleMeterRegistry(), new RunClock(now::get));
    r.start();
    return r;
  }

  private static PhaseResult end(PhaseRecorder r) {
    r.end();
    return r.snapshot();
  }

  /** A shard's results.json whose storm started {@code startMs} after T0 and lasted 10 s. */
  private Path write(
      String name,
      int index,
      int count,
      String runId,
      Map<String, String> fleet,
      PhaseRecorder storm,
      long startMs)
      throws Exception {
    PhaseRecorder enroll = recorder("enroll");
    enroll.recordOk(2_000_000);
    PhaseRecorder keygen = recorder("keygen");
    Instant started = T0.plusMillis(startMs);
    ShardRecord shard =
        new ShardRecord(
            runId,
            index,
            count,
            null,
            started,
            started.plusSeconds(10),
            fleet,
            Map.of(
                "enroll", HdrCodec.encode(enroll.latencyHistogram()),
                "storm", HdrCodec.encode(storm.latencyHistogram())));
    RunResults results =
        new RunResults(
            Map.of(),
            Integer.parseInt(fleet.get("devices")) / count,
            1,
            Integer.parseInt(fleet.get("devices")) / count,
            end(keygen),
            end(enroll),
            end(storm),
            new BoundResult("raw", "ec256", BoundResult.KEY_TRANS, 2, 100, 1.0, 100.0, 2.0, 0.4),
            null,
            -1,
            -1,
            List.of(),
            shard);
    return ReportFiles.write(results, dir.resolve(name));
  }
}
