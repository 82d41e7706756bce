package org.fwsim.firmware.egress;

import org.fwsim.firmware.config.SdwanService;

/**
 * What one health check currently knows about one member: state, and the measurements over its
 * sliding window. Immutable; part of a {@link SdwanStatus}.
 *
 * @param healthCheck the health check's name
 * @param seq the member's seq-num
 * @param interfaceName the member's interface
 * @param alive state(alive) or state(dead)
 * @param packetLossPercent lost probes over the window, 0..100
 * @param latencyMillis mean latency of the successful probes in the window
 * @param jitterMillis mean absolute difference of consecutive successful latencies
 * @param slaMap bit (id-1) set for each SLA of the check this member meets
 * @param probes probes completed since the check started (success or failure)
 */
public record MemberHealth(
    String healthCheck,
    int seq,
    String interfaceName,
    boolean alive,
    double packetLossPercent,
    double latencyMillis,
    double jitterMillis,
    int slaMap,
    long probes) {

  /** Before any probe: alive, nothing measured. INFERENCE: FortiOS starts members alive. */
  static MemberHealth initial(String healthCheck, int seq, String interfaceName) {
    return new MemberHealth(healthCheck, seq, interfaceName, true, 0, 0, 0, 0, 0);
  }

  /** The measurement a service's {@code link-cost-factor} ranks by (lower is better). */
  double cost(SdwanService.LinkCostFactor factor) {
    return switch (factor) {
      case LATENCY -> latencyMillis;
      case JITTER -> jitterMillis;
      case PACKET_LOSS -> packetLossPercent;
    };
  }

  /** Whether the SLA with {@code id} is met (its bit in {@code sla_map}). */
  boolean meets(int id) {
    return (slaMap & (1 << (id - 1))) != 0;
  }
}
