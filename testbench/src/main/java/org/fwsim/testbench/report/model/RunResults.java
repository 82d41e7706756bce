package org.fwsim.testbench.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a storm run reports, as one immutable tree: the run's parameters, the three phases,
 * the crypto bound measured in the same run, and the heap per appliance. The JSON and the HTML
 * report are both written from this.
 *
 * @param parameters the run's options in display order (e.g. {@code --devices} = 1000)
 * @param codecReference the full-codec reference, or null when it was not measured
 * @param heapBytesPerAppliance heap an appliance holds at the end of the run (what the heap lost
 *     when the fleet was let go, per appliance), -1 when not measured
 * @param caHeapBytes heap of the embedded CA at the end of the run (its issuance records), -1 for
 *     an external CA or when not measured
 * @param rounds each renewal round's rate and heap with {@code --rounds} (the storm is round 1),
 *     empty for a storm of one round
 * @param shard what {@code report merge} needs of this shard, or null
 */
public record RunResults(
    Map<String, String> parameters,
    int devices,
    int vdoms,
    long certificates,
    PhaseResult keygen,
    PhaseResult enroll,
    PhaseResult storm,
    BoundResult cryptoBound,
    BoundResult codecReference,
    long heapBytesPerAppliance,
    long caHeapBytes,
    List<RoundResult> rounds,
    ShardRecord shard) {

  public RunResults {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    rounds = List.copyOf(rounds);
    if (keygen == null || enroll == null || storm == null || cryptoBound == null) {
      throw new IllegalArgumentException(
          "run results need the keygen, enroll and storm phases and" + " the crypto bound");
    }
  }

  /**
   * Storm rate over the crypto bound: the figure the target (0.80) is about. NaN for a storm with
   * injected faults, whose rate is the faults' and the retries', not the machine's.
   */
  public double efficiency() {
    return faulted() ? Double.NaN : cryptoBound.efficiency(storm.perSecond());
  }

  /** Whether the storm ran with {@code --faults}. */
  public boolean faulted() {
    String faults = parameters.get("--faults");
    return faults != null && !faults.equals("none");
  }

  /**
   * The fleet's own CPU seconds per renewal in the storm: the process's CPU in the storm less the
   * embedded CA's threads, over the renewals. With the embedded CA the network threads carry both
   * sides and count as the fleet's. NaN when the CPU is unknown or nothing was renewed.
   */
  public double fleetCpuPerRenewal() {
    if (storm.cpuSeconds() < 0 || storm.ok() == 0) {
      return Double.NaN;
    }
    double ca = storm.cpuByThread().getOrDefault(CA_THREADS, 0.0);
    return (storm.cpuSeconds() - ca) / storm.ok();
  }

  /** The label of the embedded CA's threads in {@link PhaseResult#cpuByThread}. */
  public static final String CA_THREADS = "ca";

  /**
   * The client side of the bound (the appliance's crypto per renewal, measured with the bound) over
   * the fleet's own CPU per renewal: 1 would mean the fleet does nothing but its crypto. NaN when
   * either is unknown.
   */
  public double clientEfficiency() {
    return cryptoBound.applianceCpuPerRenewal() / fleetCpuPerRenewal();
  }

  /** Failures of enrollment and storm together, by kind. */
  public Map<String, Long> failuresByKind() {
    Map<String, Long> all = new TreeMap<>(enroll.failuresByKind());
    storm.failuresByKind().forEach((k, n) -> all.merge(k, n, Long::sum));
    return all;
  }
}
