package org.fwsim.testbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.fwsim.testbench.report.model.ShardRecord;

/**
 * One shard's {@code results.json} as {@code report merge} reads it: its shard record and, per
 * phase, what adds up (counts, failures by kind, CPU, the latency histogram). A file that is not a
 * shard's results is refused with one line naming it.
 */
record ShardResults(
    Path dir, ShardRecord record, int devices, long certificates, Totals enroll, Totals storm) {

  /**
   * A phase's figures that add across shards.
   *
   * @param cpuSeconds -1 when unknown
   * @param latency the successes' latencies in nanoseconds
   */
  record Totals(
      long ok,
      long failed,
      long failedTries,
      Map<String, Long> failuresByKind,
      double cpuSeconds,
      double maxMs,
      double meanMs,
      Histogram latency) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code dir/results.json}. */
  static ShardResults read(Path dir) {
    Path file = dir.resolve(ReportFiles.JSON);
    if (!Files.isRegularFile(file)) {
      throw new MergeException(dir + ": no " + ReportFiles.JSON);
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new MergeException(
          file + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    JsonNode shard = root.path(ResultsJson.SHARD);
    if (!shard.isObject()) {
      throw new MergeException(
          file + ": no shard record (written by an fwsim storm older than report merge?)");
    }
    try {
      ShardRecord record =
          new ShardRecord(
              text(shard, "run_id", file),
              shard.path("index").asInt(-1),
              shard.path("count").asInt(-1),
              shard.path("storm_at").isTextual()
                  ? Instant.parse(shard.get("storm_at").asText())
                  : null,
              Instant.parse(text(shard, "storm_started_at", file)),
              Instant.parse(text(shard, "storm_ended_at", file)),
              strings(shard.path("fleet")),
              strings(shard.path("latency_hdr")));
      return new ShardResults(
          dir,
          record,
          root.path("devices").asInt(),
          root.path("certificates").asLong(),
          totals(root.path("enroll"), record, "enroll", file),
          totals(root.path("storm"), record, "storm", file));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new MergeException(file + ": " + e.getMessage());
    }
  }

  private static Totals totals(JsonNode phase, ShardRecord record, String name, Path file) {
    String hdr = record.latencyHdr().get(name);
    if (hdr == null) {
      throw new MergeException(file + ": no " + name + " latency histogram");
    }
    Map<String, Long> kinds = new TreeMap<>();
    phase
        .path("failures_by_kind")
        .properties()
        .forEach(e -> kinds.put(e.getKey(), e.getValue().asLong()));
    JsonNode cpu = phase.path("cpu_seconds");
    return new Totals(
        phase.path("ok").asLong(),
        phase.path("failed").asLong(),
        phase.path("failed_tries").asLong(),
        kinds,
        cpu.isNumber() ? cpu.asDouble() : -1,
        phase.path("latency_ms").path("max").asDouble(),
        phase.path("latency_ms").path("mean").asDouble(),
        HdrCodec.decode(hdr));
  }

  private static String text(JsonNode o, String field, Path file) {
    JsonNode v = o.path(field);
    if (!v.isTextual()) {
      throw new MergeException(file + ": shard." + field + " missing");
    }
    return v.asText();
  }

  private static Map<String, String> strings(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  /** {@code i/n (dir)}, how a message names this shard. */
  String name() {
    return "shard " + record.label() + " (" + dir + ")";
  }
}
