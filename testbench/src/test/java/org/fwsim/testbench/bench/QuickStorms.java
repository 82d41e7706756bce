package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        protocol,
        null);
  }

  /**
   * Asserts that all {@code certificates} of the run enrolled, renewed and ended valid, with no
   * failed renewal; {@code printed} is what the run printed, shown when it fails.
   */
  static void assertEveryCertificateRenewed(StormRun.Outcome o, int certificates, String printed) {
    assertEquals(certificates, o.certificates());
    assertEquals(certificates, o.results().enroll().ok(), () -> o.problems() + "\n" + printed);
    assertEquals(certificates, o.renewed(), () -> o.problems() + "\n" + printed);
    assertEquals(certificates, o.valid(), () -> o.problems() + "\n" + printed);
    assertEquals(0, o.results().storm().failed(), printed);
  }

  /** What one run did and printed. */
  record Run(StormRun.Outcome outcome, String printed) {}

  /** Runs {@code settings} (one round, no warm-up), keeping what it prints. */
  static Run run(StormSettings settings) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StormRun.Outcome o =
        StormRun.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), 1, 0);
    return new Run(o, log.toString(StandardCharsets.UTF_8));
  }
}
