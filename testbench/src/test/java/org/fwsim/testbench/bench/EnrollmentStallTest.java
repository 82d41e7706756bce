package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.model.PhaseResult;
import org.junit.jupiter.api.Test;

/**
 * Certificates that will never end (here: every transaction waits for an admission place that
 * another holds for ever) are reported one by one with where they are and given up as "stuck" once
 * no try has ended for the stall bound, instead of holding the enrollment until --timeout.
 */
class EnrollmentStallTest {

  private static final int DEVICES = 2;

  @Test
  void certificatesThatNeverEndAreNamedWithWhereTheyAreAndGivenUpAsStuck() throws Exception {
    ScepAdmission admission = ScepAdmission.bounded(1);
    assertTrue(admission.enter(() -> {}), "another holds the only place for ever");
    // The run's clock stands still until every certificate waits for a place; from then on each
    // reading is ten minutes later, past the stall bound and the two-minute --timeout alike.
    AtomicLong jumps = new AtomicLong();
    RunClock wall =
        new RunClock(
            () ->
                admission.waiting() < DEVICES && jumps.get() == 0
                    ? 0
                    : jumps.incrementAndGet() * Duration.ofMinutes(10).toNanos());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
    StormFleet fleet =
        new StormFleet(
            QuickStorms.settings(
                DEVICES, 1, null, "", FaultPlan.NONE, 1, ScepFlow.FORTIOS, EnrollProtocol.SCEP),
            out,
            wall,
            "http://10.5.149.111/app/cert/scep/",
            "");
    PhaseResult enroll;
    try (Hypervisor hv = Hypervisor.builder(SimClock.fastForward(TestCertificates.NOW)).build();
        Progress progress = Progress.start(out, false)) {
      FleetBoot.boot(fleet, hv, FleetTemplate.defaultTemplate(), admission, progress);
      enroll =
          new EnrollmentPhase(fleet, new SimpleMeterRegistry(), DEVICES).run(progress).snapshot();
    }

    String said = text.toString(StandardCharsets.UTF_8);
    assertEquals(0, enroll.ok());
    assertEquals(DEVICES, enroll.failed());
    assertEquals(Map.of(EnrollmentPhase.STUCK, (long) DEVICES), enroll.failuresByKind());
    assertTrue(said.contains("fwsim: enrollment stalled: no try ended for "), said);
    assertTrue(said.contains(" s; 2 certificate(s) in flight are given up as 'stuck':"), said);
    for (int i = 0; i < DEVICES; i++) {
      assertTrue(
          said.contains(
              fleet.device(i).devname()
                  + " root FWSIM_root, try 1: SCEP transaction waiting for a place"
                  + " (ScepAdmission[limit=1, in flight=1, waiting=2])"),
          said);
    }
  }
}
