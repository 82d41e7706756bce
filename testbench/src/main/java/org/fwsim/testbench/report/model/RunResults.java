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
 * @param heapBytesPerAppliance heap per appliance after enrollment, -1 when not measured
 * @param rounds each renewal round's rate and heap with {@code --rounds} (the storm is round 1),
 *     empty for a storm of one round
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
    List<RoundResult> rounds) {

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

  /** Failures of enrollment and storm together, by kind. */
  public Map<String, Long> failuresByKind() {
    Map<String, Long> all = new TreeMap<>(enroll.failuresByKind());
    storm.failuresByKind().forEach((k, n) -> all.merge(k, n, Long::sum));
    return all;
  }
}
