package org.fwsim.testbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RoundResult;
import org.fwsim.testbench.report.model.RunResults;
import org.fwsim.testbench.report.model.ShardRecord;

/**
 * {@code results.json}: the fields the storm issue names ({@code devices}, {@code enroll}, {@code
 * storm.latency_ms}, {@code crypto_bound_per_second}, {@code efficiency}...) in snake_case, plus
 * failures by kind and the per-second series. Rates and seconds carry three decimals; a figure that
 * is not a number (NaN, infinite) is written as null.
 */
final class ResultsJson {

  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  /** Two-space indentation, {@code "name": value}, and decimals as written (never 3E+2). */
  static final ObjectWriter WRITER =
      JsonMapper.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private ResultsJson() {}

  /** The document for these results, ending with a line break. */
  static String encode(RunResults r) {
    try {
      return WRITER.writeValueAsString(tree(r)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode results.json: " + e.getMessage(), e);
    }
  }

  static ObjectNode tree(RunResults r) {
    ObjectNode o = NODES.objectNode();
    o.put("devices", r.devices());
    o.put("vdoms", r.vdoms());
    o.put("certificates", r.certificates());
    ObjectNode keygen = o.putObject("keygen");
    keygen.put("keys", r.keygen().ok());
    keygen.put("failed", r.keygen().failed());
    timing(keygen, r.keygen().seconds(), r.keygen().perSecond(), r.keygen().cpuSeconds());
    byThread(keygen, r.keygen());
    o.set("enroll", phase(r.enroll()));
    o.set("storm", phase(r.storm()));
    o.set("crypto_bound_per_second", decimal(r.cryptoBound().perSecond(), 3));
    o.set("crypto_bound", bound(r.cryptoBound()));
    if (r.codecReference() != null) {
      o.set("codec_reference_per_second", decimal(r.codecReference().perSecond(), 3));
      o.set("codec_reference", bound(r.codecReference()));
    }
    o.set("efficiency", decimal(r.efficiency(), 4));
    o.set("fleet_cpu_ms_per_renewal", decimal(r.fleetCpuPerRenewal() * 1000, 3));
    o.set(
        "client_bound_cpu_ms_per_renewal",
        decimal(r.cryptoBound().applianceCpuPerRenewal() * 1000, 3));
    o.set("client_efficiency", decimal(r.clientEfficiency(), 4));
    o.put("heap_bytes_per_appliance", r.heapBytesPerAppliance());
    o.put("ca_heap_bytes", r.caHeapBytes());
    o.set("failures_by_kind", kinds(r.failuresByKind()));
    if (!r.rounds().isEmpty()) {
      ArrayNode rounds = o.putArray("rounds");
      for (RoundResult round : r.rounds()) {
        ObjectNode n = rounds.addObject();
        n.put("round", round.round());
        n.put("ok", round.ok());
        n.put("failed", round.failed());
        n.set("per_second", decimal(round.perSecond(), 3));
        n.put("heap_bytes", round.heapBytes());
        n.put("fleet_heap_bytes", round.fleetHeapBytes());
        n.put("ca_heap_bytes", round.caHeapBytes());
      }
    }
    ObjectNode overTime = o.putObject("renewals_over_time");
    overTime.put("bucket_seconds", 1);
    overTime.set("ok", series(r.storm().okPerSecond()));
    overTime.set("failed", series(r.storm().failedPerSecond()));
    ArrayNode notes = o.putArray("notes");
    SummaryTable.notes(r).forEach(notes::add);
    ObjectNode parameters = o.putObject("parameters");
    r.parameters().forEach(parameters::put);
    if (r.shard() != null) {
      o.set(SHARD, shard(r.shard()));
    }
    return o;
  }

  /** The object {@code report merge} reads: the run, the shard, its start and its histograms. */
  static final String SHARD = "shard";

  private static ObjectNode shard(ShardRecord s) {
    ObjectNode o = NODES.objectNode();
    o.put("run_id", s.runId());
    o.put("index", s.index());
    o.put("count", s.count());
    o.put("storm_at", s.stormAt() == null ? null : s.stormAt().toString());
    o.put("storm_started_at", s.stormStartedAt().toString());
    o.put("storm_ended_at", s.stormEndedAt().toString());
    ObjectNode fleet = o.putObject("fleet");
    s.fleet().forEach(fleet::put);
    ObjectNode hdr = o.putObject("latency_hdr");
    s.latencyHdr().forEach(hdr::put);
    return o;
  }

  private static ObjectNode phase(PhaseResult p) {
    ObjectNode o = NODES.objectNode();
    o.put("ok", p.ok());
    o.put("failed", p.failed());
    o.put("failed_tries", p.failedTries());
    timing(o, p.seconds(), p.perSecond(), p.cpuSeconds());
    byThread(o, p);
    o.set("start_seconds", decimal(p.startSeconds(), 3));
    ObjectNode latency = o.putObject("latency_ms");
    latency.set("p50", decimal(p.latencyMs().p50(), 3));
    latency.set("p90", decimal(p.latencyMs().p90(), 3));
    latency.set("p99", decimal(p.latencyMs().p99(), 3));
    latency.set("max", decimal(p.latencyMs().max(), 3));
    latency.set("mean", decimal(p.latencyMs().mean(), 3));
    o.set("failures_by_kind", kinds(p.failuresByKind()));
    // Bars of the latency distribution; the last bar's bound is null when it is "slower than all".
    ArrayNode bars = o.putArray("latency_histogram");
    for (PhaseResult.LatencyBucket b : p.latencyHistogram()) {
      ObjectNode bar = bars.addObject();
      bar.set("le_ms", decimal(b.upToMs(), 3));
      bar.put("count", b.count());
    }
    return o;
  }

  /** How long a piece of work took, how fast it went and the CPU it used, in seconds. */
  private static void timing(ObjectNode o, double seconds, double perSecond, double cpuSeconds) {
    o.set("seconds", decimal(seconds, 3));
    o.set("per_second", decimal(perSecond, 3));
    o.set("cpu_seconds", decimal(cpuSeconds, 3));
  }

  /** {@code cpu_seconds_by_thread}: the phase's CPU by kind of thread, where it is known. */
  private static void byThread(ObjectNode o, PhaseResult p) {
    if (p.cpuByThread().isEmpty()) {
      return;
    }
    ObjectNode byThread = o.putObject("cpu_seconds_by_thread");
    p.cpuByThread().forEach((k, v) -> byThread.set(k, decimal(v, 3)));
  }

  private static ObjectNode bound(BoundResult b) {
    ObjectNode o = NODES.objectNode();
    o.put("method", b.method());
    o.put("key", b.key());
    o.put("envelope", b.envelope());
    o.put("threads", b.threads());
    o.put("renewals", b.renewals());
    timing(o, b.seconds(), b.perSecond(), b.cpuSeconds());
    o.set("appliance_share", decimal(b.applianceShare(), 4));
    return o;
  }

  static ObjectNode kinds(Map<String, Long> byKind) {
    ObjectNode o = NODES.objectNode();
    byKind.forEach(o::put);
    return o;
  }

  private static ArrayNode series(long[] values) {
    ArrayNode a = NODES.arrayNode(values.length);
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  /** Rounded to {@code decimals} places with trailing zeros dropped; null when not a number. */
  static JsonNode decimal(double d, int decimals) {
    if (!Double.isFinite(d)) {
      return NODES.nullNode();
    }
    return NODES.numberNode(
        BigDecimal.valueOf(d).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros());
  }
}
