package org.fwsim.testbench.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.scep.transport.MicromdmScepServer;
import org.fwsim.testbench.Main;
import org.fwsim.testbench.report.MergedRun;
import org.fwsim.testbench.report.ShardMerge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sharded storm on this machine as Kubernetes would run it, without a cluster: one CA process,
 * four {@code fwsim storm --shards 4 --storm-at T} processes with {@code JOB_COMPLETION_INDEX} set
 * as an Indexed Job sets it, then {@code report merge}; the merged counts must be those of one
 * process running the same fleet against the same CA. The percentiles' arithmetic is checked
 * exactly, on values, in {@code ShardMergeTest}; here the runs' latencies differ by nature.
 */
class ShardedStormProcessesTest {

  private static final String CHALLENGE = "shards17";
  private static final int SHARDS = 4;

  /** The longest any one process may take: far beyond a run of this size, so only a hang hits. */
  private static final Duration PROCESS_LIMIT = Duration.ofMinutes(8);

  @TempDir Path dir;

  @Test
  void fourShardProcessesAgainstFwsimCaAddUpToOneProcess() throws Exception {
    Process ca =
        start(
            dir.resolve("ca.log"),
            List.of(),
            "ca",
            "--listen",
            "127.0.0.1:" + freePort(),
            "--challenge",
            CHALLENGE,
            // The storm signs its renewals at its renewal point, a day past the CA's clock.
            "--validity-days",
            "8",
            "--time-window",
            "2d");
    try {
      String url = listening(ca);
      // A few transactions at a time per shard: on a loaded machine a CA answering later than the
      // transport's 30 s is retried, and the storm may then count a renewal twice (see below).
      compare(url, 25, "ec256", List.of("--max-in-flight", "5"));
    } finally {
      ca.destroy();
      ca.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void fourShardProcessesAgainstMicromdmAddUpToOneProcess() throws Exception {
    MicromdmScepServer.require();
    try (MicromdmScepServer ca =
        MicromdmScepServer.builder()
            .challenge(CHALLENGE)
            .allowRenewDays(0)
            .organization("fwsim shards test CA")
            .start(dir)) {
      // micromdm's file depot fails overlapping requests: one transaction at a time per shard,
      // and what four shards still overlap is refused (badRequest) and tried again; it takes RSA
      // requests only.
      compare(ca.url(), 5, "rsa2048", List.of("--max-in-flight", "1"));
    }
  }

  /**
   * One process with the whole fleet, then the shards with a storm instant far enough ahead for
   * them to be ready on this machine as loaded as the single run found it, then the merge.
   */
  private void compare(String url, int perShard, String key, List<String> extra) throws Exception {
    int devices = perShard * SHARDS;
    List<String> fleet =
        new ArrayList<>(
            List.of(
                "storm",
                "--devices",
                Integer.toString(devices),
                "--vdoms",
                "1",
                "--key",
                key,
                "--ca",
                url,
                "--challenge",
                CHALLENGE,
                "--bound-seconds",
                "0.2",
                "--timeout",
                "5m",
                "--fresh-keys",
                // A shard has no warm-up; the one process, with --ca, would warm up by default.
                "--warmup",
                "none"));
    fleet.addAll(extra);

    long t0 = System.nanoTime();
    Path single = dir.resolve("single");
    Process one =
        start(dir.resolve("single.log"), List.of(), with(fleet, "--out", single.toString()));
    finish(one, dir.resolve("single.log"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    Duration lead = took.multipliedBy(3).dividedBy(2).plusSeconds(20);
    Instant at = Instant.now().plus(lead).truncatedTo(ChronoUnit.SECONDS);
    List<Process> shards = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      Path out = dir.resolve("shard-" + i);
      dirs.add(out);
      shards.add(
          start(
              dir.resolve("shard-" + i + ".log"),
              List.of("JOB_COMPLETION_INDEX=" + i),
              with(
                  fleet,
                  "--shards",
                  Integer.toString(SHARDS),
                  "--storm-at",
                  at.toString(),
                  "--out",
                  out.toString())));
    }
    try {
      for (int i = 0; i < SHARDS; i++) {
        finish(shards.get(i), dir.resolve("shard-" + i + ".log"));
      }
    } finally {
      shards.forEach(Process::destroyForcibly); // none is left running after a failure
    }

    Path merged = dir.resolve("merged");
    List<String> merge = new ArrayList<>(List.of("report", "merge", "--out", merged.toString()));
    dirs.forEach(d -> merge.add(d.toString()));
    assertEquals(0, Main.commandLine().execute(merge.toArray(String[]::new)));
    MergedRun m = ShardMerge.read(dirs);
    JsonNode alone = new ObjectMapper().readTree(single.resolve("results.json").toFile());
    JsonNode together = new ObjectMapper().readTree(merged.resolve("results.json").toFile());
    String why = "single:\n" + alone + "\nmerged:\n" + together;

    assertEquals(devices, m.devices(), why);
    assertEquals(alone.path("certificates").asLong(), m.certificates(), why);
    assertEquals(devices, alone.path("enroll").path("ok").asLong(), why);
    assertEquals(alone.path("enroll").path("ok").asLong(), m.enroll().ok(), why);
    assertEquals(alone.path("storm").path("ok").asLong(), m.storm().ok(), why);
    assertEquals(m.storm().ok(), together.path("storm").path("latency_ms").path("count").asLong());
    assertEquals(SHARDS, m.shards().size(), why);
    for (MergedRun.Shard s : m.shards()) {
      assertEquals(perShard, s.devices(), why);
      // Each certificate once, renewed or given up, whatever tries the CA refused or lost.
      assertEquals(s.certificates(), s.ok() + s.failed(), why);
      assertFalse(s.startedAt().isBefore(at), "no shard starts before the instant: " + why);
    }
    assertEquals(at, m.stormAt());
    assertTrue(m.startSpreadSeconds() < 2, "the shards started together: " + why);
    assertTrue(m.storm().latencyMs().p99() <= m.storm().latencyMs().max(), why);
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  private static Process start(Path log, List<String> env, List<String> args) throws IOException {
    return start(log, env, args.toArray(String[]::new));
  }

  /** {@code fwsim ARGS} in its own small JVM (C1 only: these runs are short and share 2 cores). */
  private static Process start(Path log, List<String> env, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JOB_COMPLETION_INDEX");
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    if (!args[0].equals("ca")) {
      pb.redirectOutput(log.toFile());
    }
    return pb.start();
  }

  /** Reads the CA's banner up to its URL. */
  private static String listening(Process ca) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(ca.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("SCEP CA listening: ")) {
        return line.substring("SCEP CA listening: ".length()).strip();
      }
    }
    return fail("fwsim ca ended before it listened:\n" + seen);
  }

  private static void finish(Process p, Path log) throws Exception {
    if (!p.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("still running after " + PROCESS_LIMIT + ":\n" + tail(log));
    }
    assertEquals(0, p.exitValue(), () -> tail(log));
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      assertNotNull(s);
      return s.getLocalPort();
    }
  }
}
