package org.fwsim.testbench.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * The shards of one storm added into one result: counts and failures summed, latencies from the
 * merged histograms, the storm's rate over the union of the shards' windows, and how far apart the
 * shards started.
 *
 * @param stormAt the {@code --storm-at} instant the shards shared, or null
 * @param windowSeconds length of the union of the shards' storm windows
 * @param startSpreadSeconds from the first shard's storm start to the last one's
 */
public record MergedRun(
    String runId,
    int shardCount,
    Map<String, String> fleet,
    Instant stormAt,
    int devices,
    long certificates,
    Phase enroll,
    Phase storm,
    Instant firstStart,
    Instant lastEnd,
    double windowSeconds,
    double startSpreadSeconds,
    List<Shard> shards) {

  public MergedRun {
    fleet = Map.copyOf(fleet);
    shards = List.copyOf(shards);
  }

  /** Storm renewals per second over the union of the windows; 0 for an empty window. */
  public double stormPerSecond() {
    return windowSeconds > 0 ? storm.ok() / windowSeconds : 0;
  }

  /**
   * One phase over all shards.
   *
   * @param cpuSeconds the shards' CPU added, -1 when a shard's is unknown
   * @param latencyHdr the merged histogram, encoded as in a shard's results
   */
  public record Phase(
      long ok,
      long failed,
      long failedTries,
      Map<String, Long> failuresByKind,
      double cpuSeconds,
      PhaseResult.Latency latencyMs,
      String latencyHdr) {

    public Phase {
      failuresByKind = Map.copyOf(failuresByKind);
    }
  }

  /**
   * One shard's line in the merged report.
   *
   * @param startOffsetSeconds its storm start after the first shard's
   */
  public record Shard(
      String label,
      String dir,
      int devices,
      long certificates,
      long ok,
      long failed,
      PhaseResult.Latency latencyMs,
      double perSecond,
      double cpuSeconds,
      Instant startedAt,
      Instant endedAt,
      double startOffsetSeconds) {}
}
