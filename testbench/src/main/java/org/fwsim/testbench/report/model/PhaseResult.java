package org.fwsim.testbench.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one phase (keygen, enroll, storm) did, as read at one moment: counts, failures by kind,
 * timing, latency and the per-second series. Immutable; reports and progress read these.
 *
 * @param failed requests that ended failed, each once
 * @param failedTries failures that did not end their request (tries asked again); {@code
 *     failuresByKind} counts both
 * @param startSeconds seconds from the run's start to the phase's start
 * @param endSeconds seconds from the run's start to the phase's end (or to now while running)
 * @param perSecond successes per second over the phase
 * @param cpuSeconds process CPU seconds used during the phase, -1 when unknown
 * @param cpuByThread those seconds by kind of thread ({@code ThreadCpu.Group} labels, in that
 *     order), empty while the phase runs or where threads cannot be read
 * @param okPerSecond successes completed in each second of the phase (index 0 = first second)
 */
public record PhaseResult(
    String phase,
    long ok,
    long failed,
    long failedTries,
    long inFlight,
    Map<String, Long> failuresByKind,
    double startSeconds,
    double endSeconds,
    boolean ended,
    double perSecond,
    double cpuSeconds,
    Map<String, Double> cpuByThread,
    Latency latencyMs,
    List<LatencyBucket> latencyHistogram,
    long[] okPerSecond,
    long[] failedPerSecond) {

  public PhaseResult {
    failuresByKind = Map.copyOf(failuresByKind);
    cpuByThread = Collections.unmodifiableMap(new LinkedHashMap<>(cpuByThread)); // keeps the order
    latencyHistogram = List.copyOf(latencyHistogram);
    okPerSecond = okPerSecond.clone();
    failedPerSecond = failedPerSecond.clone();
  }

  /** Seconds the phase lasted (so far, while it runs). */
  public double seconds() {
    return Math.max(0, endSeconds - startSeconds);
  }

  /** Requests finished, whatever the outcome; a request tried several times counts once. */
  public long done() {
    return ok + failed;
  }

  @Override
  public long[] okPerSecond() {
    return okPerSecond.clone();
  }

  @Override
  public long[] failedPerSecond() {
    return failedPerSecond.clone();
  }

  /** Latency of successful requests in milliseconds; zeros when there were none. */
  public record Latency(long count, double p50, double p90, double p99, double max, double mean) {
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);
  }

  /**
   * One bar of the latency distribution: successes that took more than the previous bucket's {@code
   * upToMs} and at most this one's.
   */
  public record LatencyBucket(double upToMs, long count) {}
}
