package org.fwsim.testbench.bench;

import java.time.Duration;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.testbench.fleet.Shard;

/**
 * Storm settings for tests: RSA-2048, no jitter, no pending, no files or endpoint, two workers, a
 * short crypto bound, a two-minute timeout and no key store; the tests choose the fleet, the CA and
 * the faults.
 */
final class QuickStorms {

  private QuickStorms() {}

  /**
   * {@code caUrl} null for the embedded CA; {@code maxInFlight} 0 for no bound on transactions;
   * {@code protocol} as {@code --protocol} (null: SCEP).
   */
  static StormSettings settings(
      int devices,
      int vdoms,
      String caUrl,
      String challenge,
      FaultPlan faults,
      int maxInFlight,
      ScepFlow flow,
      EnrollProtocol protocol) {
    return new StormSettings(
        devices,
        vdoms,
        "rsa2048",
        caUrl,
        challenge,
        0,
        faults,
        Duration.ZERO,
        Shard.ALL,
        null,
        null,
        null,
        2,
        Duration.ofMillis(300),
        Duration.ofMinutes(2),
        maxInFlight,
        flow,
        KeyStoreOptions.NONE,
        protocol);
  }
}
