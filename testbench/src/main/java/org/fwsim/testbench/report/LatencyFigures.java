package org.fwsim.testbench.report;

import org.HdrHistogram.Histogram;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * The latency figures of a phase from its HdrHistogram (nanoseconds, three significant digits): one
 * rule for a storm and for a merge of shards, so that a merged run reads exactly as the same values
 * recorded in one process would.
 */
public final class LatencyFigures {

  private LatencyFigures() {}

  /**
   * Percentiles from the histogram, each capped at the exact maximum: a percentile's bucket may
   * reach past the slowest request, the percentile itself cannot.
   *
   * @param maxMs the exact slowest latency in milliseconds
   * @param meanMs the exact mean in milliseconds
   */
  public static PhaseResult.Latency of(Histogram nanos, double maxMs, double meanMs) {
    long count = nanos.getTotalCount();
    if (count == 0) {
      return PhaseResult.Latency.NONE;
    }
    return new PhaseResult.Latency(
        count,
        Math.min(maxMs, nanos.getValueAtPercentile(50) / 1e6),
        Math.min(maxMs, nanos.getValueAtPercentile(90) / 1e6),
        Math.min(maxMs, nanos.getValueAtPercentile(99) / 1e6),
        maxMs,
        meanMs);
  }
}
