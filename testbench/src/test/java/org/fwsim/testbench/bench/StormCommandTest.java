package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.fwsim.testbench.cli.OneLineErrors;
import org.fwsim.testbench.shard.SteppedWallClock;
import org.fwsim.testbench.shard.StormStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fwsim storm} from the command line: errors are one clear line, not a stack trace. */
class StormCommandTest {

  /** The user's cache directory in these runs: the key store goes there, not into the home. */
  @TempDir Path cache;

  @Test
  void aPhaseLongerThanTheTimeoutSaysWhichAndHowFarItGot() {
    Run run = storm("--devices", "50", "--timeout", "1ms");

    String error = run.error();
    assertEquals(1, run.code(), error);
    assertTrue(error.startsWith("fwsim storm: keygen: "), error);
    assertTrue(error.contains(" of 200 keys after 0 s"), error);
    assertTrue(error.contains("longer than --timeout 1ms allows"), error);
    assertFalse(error.contains("\tat "), "no stack trace: " + error);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--key dsa1024           | --key must be rsa2048, rsa4096 or ec256",
        "--devices 0             | --devices must be 1..",
        "--vdoms 9               | --vdoms must be 1..8, got 9",
        "--ca ftp://127.0.0.1/x  | scep-url scheme must be http",
        "--prometheus 80000      | --prometheus port must be 0..65535, got 80000",
        "--timeout 0s            | --timeout must be longer than zero",
        "--bound-seconds 0       | --bound-seconds must be more than zero",
        "--shard 3/2             | --shard: shard index must be in 0..1, got 3",
        "--jitter soon           | --jitter: 'soon' is no duration (e.g. 90s, 5m, 2h, 1d)",
        "--faults flood:1        | --faults: ",
        "--scep-flow sscep       | --scep-flow: unknown SCEP flow 'sscep' (choose fortios or rfc8894)",
        "--template /nonexistent/fleet.conf | cannot read fleet template /nonexistent/fleet.conf",
        "--key-store-limit lots   | --key-store-limit: 'lots' is no size",
        "--storm-at soon         | --storm-at wants an ISO-8601 UTC instant such as",
        "--storm-at 2000-01-01T00:00:00Z | --storm-at 2000-01-01T00:00:00Z is already past",
        "--shards 4              | --shards 4 takes the shard index from JOB_COMPLETION_INDEX, unset",
        "--shards 4 --shard 1/4  | give --shard i/n or --shards n, not both",
        "--warmup -1             | --warmup must be none, auto or a number of appliances, got -1",
        "--warmup lots           | --warmup must be none, auto or a number of appliances, got lots",
        "--warmup 5 --protocol est --ca https://127.0.0.1:9 | --warmup 5: with --ca the warm-up"
            + " enrolls with an embedded SCEP CA of its own, which warms the SCEP path only, not"
            + " --protocol est's",
      })
  void badOptionsAreRefusedWithOneLine(String args, String expected) {
    Run run = storm(args.split(" "));

    String error = run.error();
    assertEquals(2, run.code(), error);
    assertTrue(error.startsWith("fwsim storm: ") && error.contains(expected), error);
    assertEquals(1, error.lines().count(), "one line: " + error);
    assertFalse(run.out().contains("keys"), "nothing started");
  }

  @Test
  void aTemplateThatDoesNotParseNamesItsLine(@TempDir Path dir) throws Exception {
    Path template =
        Files.writeString(
            dir.resolve("fleet.conf"), "config system global\n    set hostname $(bad name\nend\n");
    Run run = storm("--devices", "2", "--template", template.toString());

    String error = run.error();
    assertEquals(2, run.code(), error);
    assertTrue(error.startsWith("fwsim storm: fleet.conf:2: malformed variable"), error);
    assertFalse(error.contains("\tat "), "no stack trace: " + error);
  }

  @Test
  void aSecondRunTakesTheFirstRunsKeysFromTheStoreAndFreshKeysIgnoresIt() throws Exception {
    String[] small = {"--devices", "2", "--vdoms", "1", "--bound-seconds", "0.2", "--workers", "2"};
    Run first = storm(small);
    assertEquals(0, first.code(), first.out() + first.error());
    assertTrue(first.out().contains(": 0 rsa2048 keys taken"), first.out());
    Path batches = cache.resolve("fwsim/keys/rsa2048");
    assertEquals(1, Files.list(batches).count(), "the first run kept its 4 keys in one batch");

    Run second = storm(small);
    assertEquals(0, second.code(), second.out() + second.error());
    assertTrue(second.out().contains(": 4 rsa2048 keys taken"), second.out());
    assertTrue(second.out().contains("4 keys taken, 0 new kept; holds 4 keys"), second.out());

    String[] fresh = {"--devices", "2", "--vdoms", "1", "--bound-seconds", "0.2", "--fresh-keys"};
    Run third = storm(fresh);
    assertEquals(0, third.code(), third.out() + third.error());
    assertFalse(third.out().contains("keys taken"), third.out());
    assertTrue(third.out().contains("none (--fresh-keys)"), third.out());
    assertEquals(1, Files.list(batches).count(), "--fresh-keys keeps nothing");
  }

  @Test
  void aCacheDirectoryThatCannotBeUsedCostsTimeNotTheRun() throws Exception {
    cache = Files.writeString(cache.resolve("a-file"), "not a directory");
    Run run = storm("--devices", "1", "--vdoms", "1", "--bound-seconds", "0.2");
    assertEquals(0, run.code(), run.out() + run.error());
    assertTrue(run.out().contains("cannot be used"), run.out());
    assertTrue(run.out().contains("every key is generated, none kept"), run.out());
  }

  @Test
  void aShardWaitsForTheStormInstantAndItsResultsSayWhenItsStormStarted(@TempDir Path out)
      throws Exception {
    Instant t0 = Instant.parse("2026-12-07T06:00:00Z");
    Instant at = t0.plusSeconds(3600);
    SteppedWallClock wall = new SteppedWallClock(t0);
    Run run =
        storm(
            wall,
            wall.jumping(),
            Map.of("JOB_COMPLETION_INDEX", "1"),
            "--devices",
            "3",
            "--vdoms",
            "1",
            "--key",
            "ec256",
            "--bound-seconds",
            "0.2",
            "--shards",
            "2",
            "--storm-at",
            at.toString(),
            "--out",
            out.toString());

    assertEquals(0, run.code(), run.out() + run.error());
    assertTrue(run.out().contains("Shard 1/2 ready at 2026-12-07T06:00:00Z: storm at " + at));
    JsonNode shard = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("shard");
    assertEquals(1, shard.get("index").asInt());
    assertEquals(2, shard.get("count").asInt());
    assertEquals(at.toString(), shard.get("storm_at").asText());
    assertEquals(at.toString(), shard.get("storm_started_at").asText());
    assertEquals(16, shard.get("run_id").asText().length());
    assertEquals("3", shard.get("fleet").get("devices").asText());
    assertTrue(shard.get("latency_hdr").has("storm"));
  }

  @Test
  void aShardNotReadyByTheStormInstantFailsInOneLine() {
    Instant t0 = Instant.parse("2026-12-07T06:00:00Z");
    SteppedWallClock wall = new SteppedWallClock(t0);
    // Enrollment takes two hours on this clock: every read after the first is past the instant.
    StormStart.Pause never = (target, clock) -> fail("a late shard does not wait");
    Clock slow =
        new Clock() {
          private int reads;

          @Override
          public Instant instant() {
            return reads++ == 0 ? t0 : t0.plusSeconds(7200);
          }

          @Override
          public java.time.ZoneId getZone() {
            return wall.getZone();
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    Run run =
        storm(
            slow,
            never,
            Map.of(),
            "--devices",
            "1",
            "--vdoms",
            "1",
            "--key",
            "ec256",
            "--shard",
            "0/2",
            "--storm-at",
            t0.plusSeconds(3600).toString());

    assertEquals(1, run.code(), run.out() + run.error());
    assertEquals(
        "fwsim storm: shard 0/2 was ready at 2026-12-07T08:00:00Z, 3600.000 s after --storm-at"
            + " 2026-12-07T07:00:00Z: start the shards earlier or give a later instant\n",
        run.error());
  }

  @Test
  void theKeyStoreLimitReadsBinarySizes() {
    assertEquals(256L << 20, StormCommand.bytes("256M"));
    assertEquals(1L << 30, StormCommand.bytes("1G"));
    assertEquals(512L << 10, StormCommand.bytes("512k"));
    assertEquals(1000, StormCommand.bytes("1000"));
    assertEquals(0, StormCommand.bytes("0"));
  }

  /** What {@code fwsim storm} with these arguments returned and printed. */
  private record Run(int code, String out, String error) {}

  private Run storm(String... args) {
    return storm(Clock.systemUTC(), StormStart.SLEEP, Map.of(), args);
  }

  private Run storm(
      Clock wall, StormStart.Pause pause, Map<String, String> environment, String... args) {
    StormCommand storm = new StormCommand();
    Map<String, String> env = new HashMap<>(environment);
    env.put("XDG_CACHE_HOME", cache.toString());
    storm.environment = env;
    storm.wall = wall;
    storm.pause = pause;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    storm.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    CommandLine cli = OneLineErrors.commandLine(storm);
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cli.execute(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
