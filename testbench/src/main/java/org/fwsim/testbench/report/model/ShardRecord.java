package org.fwsim.testbench.report.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a shard's results carry so that {@code fwsim report merge} can add the shards of one run:
 * which run and shard it was, the fleet's parameters (which every shard must share), when its storm
 * really started and ended on the wall clock, and its latencies as encoded HdrHistograms. A run in
 * one process is shard 0/1.
 *
 * @param stormAt the {@code --storm-at} instant, or null when the storm started once ready
 * @param stormStartedAt the wall time the shard's storm started (after the wait for {@code
 *     stormAt})
 * @param stormEndedAt the wall time its last renewal ended
 * @param fleet the parameters all shards of the run share, e.g. {@code devices}, {@code key}
 * @param latencyHdr the successes' latencies in nanoseconds by phase ({@code enroll}, {@code
 *     storm}), each a base64 compressed HdrHistogram
 */
public record ShardRecord(
    String runId,
    int index,
    int count,
    Instant stormAt,
    Instant stormStartedAt,
    Instant stormEndedAt,
    Map<String, String> fleet,
    Map<String, String> latencyHdr) {

  public ShardRecord {
    fleet = Collections.unmodifiableMap(new LinkedHashMap<>(fleet));
    latencyHdr = Collections.unmodifiableMap(new LinkedHashMap<>(latencyHdr));
  }

  /** {@code i/n}. */
  public String label() {
    return index + "/" + count;
  }
}
