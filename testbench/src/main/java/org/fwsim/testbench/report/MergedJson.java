package org.fwsim.testbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * The merged {@code results.json} of a sharded storm: the run, the whole fleet's counts and
 * latencies (from the merged histograms), the storm's rate over the union of the shards' windows,
 * how far apart the shards started, and one entry per shard.
 */
final class MergedJson {

  private MergedJson() {}

  static String encode(MergedRun m) {
    try {
      return ResultsJson.WRITER.writeValueAsString(tree(m)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode results.json: " + e.getMessage(), e);
    }
  }

  static ObjectNode tree(MergedRun m) {
    ObjectNode o = ResultsJson.NODES.objectNode();
    o.put("run_id", m.runId());
    o.put("shards", m.shardCount());
    o.put("storm_at", m.stormAt() == null ? null : m.stormAt().toString());
    o.put("devices", m.devices());
    o.put("certificates", m.certificates());
    o.set("enroll", phase(m.enroll()));
    ObjectNode storm = phase(m.storm());
    storm.set("per_second", ResultsJson.decimal(m.stormPerSecond(), 3));
    storm.set("window_seconds", ResultsJson.decimal(m.windowSeconds(), 3));
    storm.put("first_start", m.firstStart().toString());
    storm.put("last_end", m.lastEnd().toString());
    storm.set("start_spread_seconds", ResultsJson.decimal(m.startSpreadSeconds(), 3));
    o.set("storm", storm);
    Map<String, Long> all = new TreeMap<>(m.enroll().failuresByKind());
    m.storm().failuresByKind().forEach((k, n) -> all.merge(k, n, Long::sum));
    o.set("failures_by_kind", ResultsJson.kinds(all));
    ObjectNode fleet = o.putObject("fleet");
    new TreeMap<>(m.fleet()).forEach(fleet::put);
    ArrayNode shards = o.putArray("per_shard");
    for (MergedRun.Shard s : m.shards()) {
      ObjectNode n = shards.addObject();
      n.put("shard", s.label());
      n.put("dir", s.dir());
      n.put("devices", s.devices());
      n.put("certificates", s.certificates());
      n.put("ok", s.ok());
      n.put("failed", s.failed());
      n.set("per_second", ResultsJson.decimal(s.perSecond(), 3));
      n.set("cpu_seconds", ResultsJson.decimal(s.cpuSeconds(), 3));
      n.set("latency_ms", latency(s.latencyMs()));
      n.put("storm_started_at", s.startedAt().toString());
      n.put("storm_ended_at", s.endedAt().toString());
      n.set("start_offset_seconds", ResultsJson.decimal(s.startOffsetSeconds(), 3));
    }
    return o;
  }

  private static ObjectNode phase(MergedRun.Phase p) {
    ObjectNode o = ResultsJson.NODES.objectNode();
    o.put("ok", p.ok());
    o.put("failed", p.failed());
    o.put("failed_tries", p.failedTries());
    o.set("cpu_seconds", ResultsJson.decimal(p.cpuSeconds(), 3));
    o.set("latency_ms", latency(p.latencyMs()));
    o.set("failures_by_kind", ResultsJson.kinds(new TreeMap<>(p.failuresByKind())));
    o.put("latency_hdr", p.latencyHdr());
    return o;
  }

  private static ObjectNode latency(PhaseResult.Latency l) {
    ObjectNode o = ResultsJson.NODES.objectNode();
    o.put("count", l.count());
    o.set("p50", ResultsJson.decimal(l.p50(), 3));
    o.set("p90", ResultsJson.decimal(l.p90(), 3));
    o.set("p99", ResultsJson.decimal(l.p99(), 3));
    o.set("max", ResultsJson.decimal(l.max(), 3));
    o.set("mean", ResultsJson.decimal(l.mean(), 3));
    return o;
  }
}
