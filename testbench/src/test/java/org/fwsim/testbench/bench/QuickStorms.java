package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** {@code caUrl} null for the embedded CA; {@code maxInFlight} 0 for no bound on transactions. */
  static StormSettings settings(
      int devices,
      int vdoms,
      String caUrl,
      String challenge,
      FaultPlan faults,
      int maxInFlight,
      ScepFlow flow) {
    return settings(devices, vdoms, caUrl, challenge, faults, maxInFlight, flow, null);
  }

  /** {@link #settings} over {@code protocol} ({@code --protocol}; null: SCEP). */
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

  /**
   * Runs a storm of {@code settings} in-process on one worker and asserts that it printed {@code
   * line} and that every certificate was enrolled, renewed once and is valid at the end.
   */
  static StormRun.Outcome runEveryCertificateRenewed(StormSettings settings, String line)
      throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StormRun.Outcome o =
        StormRun.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), 1, 0);
    String printed = log.toString(StandardCharsets.UTF_8);
    int all = settings.devices() * settings.vdoms();
    assertTrue(printed.contains(line), printed);
    assertEquals(all, o.certificates());
    assertEquals(all, o.results().enroll().ok(), () -> o.problems() + "\n" + printed);
    assertEquals(all, o.renewed(), () -> o.problems() + "\n" + printed);
    assertEquals(all, o.valid(), () -> o.problems() + "\n" + printed);
    assertEquals(0, o.results().storm().failed(), printed);
    return o;
  }
}
