package org.fwsim.firmware.scep.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a SCEP client transaction, and when it may start.
 *
 * <p>INFERENCE: FortiOS documents neither its CertPoll interval nor a maximum (reference scep.md
 * open question 1, fortios.md §6). The defaults follow common client practice: poll every 5 minutes
 * of appliance (virtual) time, at most 12 times, so a request waiting for manual approval gives up
 * after an hour; each HTTP step may take 30 s (real time, since it guards real socket IO).
 *
 * @param pollInterval virtual time between CertPolls while the CA answers PENDING
 * @param maxPolls CertPolls sent before the transaction fails as still pending (0: fail on PENDING)
 * @param stepTimeout time for one HTTP step (connect, request, complete reply)
 * @param admission when a transaction may start: {@link ScepAdmission#UNLIMITED} on an appliance; a
 *     testbench shares one bounded admission across its fleet
 * @param flow the exchange: the seeds' FortiOS flow by default, RFC 8894's on request
 */
public record ScepPolicy(
    Duration pollInterval,
    int maxPolls,
    Duration stepTimeout,
    ScepAdmission admission,
    ScepFlow flow) {

  /** 5 minutes, 12 polls, 30 s per step, no admission bound, the FortiOS flow. */
  public static final ScepPolicy DEFAULTS =
      new ScepPolicy(Duration.ofMinutes(5), 12, Duration.ofSeconds(30));

  /** Timing alone; transactions start at once and run the FortiOS flow. */
  public ScepPolicy(Duration pollInterval, int maxPolls, Duration stepTimeout) {
    this(pollInterval, maxPolls, stepTimeout, ScepAdmission.UNLIMITED);
  }

  /** Timing and admission; the FortiOS flow. */
  public ScepPolicy(
      Duration pollInterval, int maxPolls, Duration stepTimeout, ScepAdmission admission) {
    this(pollInterval, maxPolls, stepTimeout, admission, ScepFlow.FORTIOS);
  }

  public ScepPolicy {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(stepTimeout, "stepTimeout");
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(flow, "flow");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException(
          "SCEP poll interval must be positive, got " + pollInterval);
    }
    if (maxPolls < 0) {
      throw new IllegalArgumentException("SCEP max polls must be >= 0, got " + maxPolls);
    }
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("SCEP step timeout must be positive, got " + stepTimeout);
    }
  }

  /** The same timing with transactions started by {@code newAdmission}. */
  public ScepPolicy withAdmission(ScepAdmission newAdmission) {
    return new ScepPolicy(pollInterval, maxPolls, stepTimeout, newAdmission, flow);
  }

  /** The same timing and admission with {@code newFlow}. */
  public ScepPolicy withFlow(ScepFlow newFlow) {
    return new ScepPolicy(pollInterval, maxPolls, stepTimeout, admission, newFlow);
  }
}
