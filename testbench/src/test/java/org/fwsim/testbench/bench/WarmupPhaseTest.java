package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.model.PhaseResult;
import org.junit.jupiter.api.Test;

/**
 * The warm-up of a fleet whose CA is external runs apart: on a hypervisor, virtual clock and
 * embedded CA of its own, its keys from the fleet's pool, while the fleet's clock stays where it
 * was (an external CA dates certificates by the host's clock, which a shared warm-up would leave a
 * year behind the fleet's).
 */
class WarmupPhaseTest {

  /** Never contacted: the warm-up enrolls with its own embedded CA. */
  private static final String EXTERNAL = "http://127.0.0.1:9/scep";

  @Test
  void aWarmUpApartRenewsOnItsOwnClockAndLeavesTheFleetsWhereItWas() throws Exception {
    StormSettings settings =
        QuickStorms.settings(
            2, 1, EXTERNAL, "secret", FaultPlan.NONE, 1, ScepFlow.FORTIOS, EnrollProtocol.SCEP);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    StormFleet fleet = new StormFleet(settings, out, RunClock.system(), EXTERNAL, "secret");
    // Fast-forward with no timer of its own: the fleet's clock moves only if someone moves it.
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    SimClock fleetClock = SimClock.fastForward(start);
    int keys = WarmupPhase.keysFor(fleet, 2);
    try (Hypervisor fleetHv =
            Hypervisor.builder(fleetClock).workers(2).keygenThreads(1).keyPoolCapacity(8).build();
        Progress progress = Progress.start(out, false)) {
      assertEquals(keys, fleetHv.keys().fill(KeyType.RSA_2048, keys));

      PhaseResult warmup =
          new WarmupPhase(fleet, 2)
              .runApart(
                  fleetHv,
                  FleetTemplate.defaultTemplate(),
                  ScepAdmission.bounded(1),
                  new SimpleMeterRegistry(),
                  progress,
                  2)
              .snapshot();

      String printed = log.toString(StandardCharsets.UTF_8);
      // Two certificates, each enrolled and renewed twice: each renewal round moved the warm-up's
      // clock to its certificates' renewal point, months ahead.
      assertEquals(6, warmup.ok(), printed);
      assertEquals(0, warmup.failed() + warmup.failedTries(), printed);
      assertEquals(start, fleetClock.instant(), "the fleet's clock did not move");
      assertTrue(fleetHv.appliances().isEmpty(), "no warm-up appliance on the fleet's hypervisor");
      assertEquals(keys, fleetHv.keys().handedOut(), "the warm-up's keys are the fleet pool's");
      assertEquals(0, fleetHv.keys().misses());
      assertTrue(
          printed.contains("Warm-up: 2 appliances outside the fleet, 6 enrollments and renewals"),
          printed);
      assertTrue(warmup.cpuSeconds() > 0, warmup::toString);
    }
  }

  @Test
  void theWarmUpsAdmissionIsOfTheFleetsKindAndWideEnoughToRunFast() {
    assertEquals(ScepAdmission.UNLIMITED, WarmupHost.admission(ScepAdmission.UNLIMITED, 2));
    assertEquals(8, WarmupHost.admission(ScepAdmission.bounded(1), 2).limit());
    assertEquals(500, WarmupHost.admission(ScepAdmission.bounded(500), 2).limit());
  }
}
