package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * The warm-up before the fleet boots ({@code --warmup N}): {@code N} extra appliances, outside the
 * fleet and every storm figure, enroll and renew {@link #ROUNDS} times over the real path (firmware
 * SCEP client, Netty, an embedded CA), so that the JIT has compiled it before the measured window,
 * as the crypto bound is measured warm. Its wall time and CPU are reported as their own phase. Each
 * renewal round moves a virtual clock to the warm-up certificates' renewal point: with the embedded
 * CA the fleet's ({@link #run}: the fleet is not booted yet, and afterwards the warm-up
 * certificates stop renewing), with an external CA one of their own ({@link #runApart}).
 */
final class WarmupPhase {

  /** Renewal rounds after the warm-up appliances' enrollment. */
  static final int ROUNDS = 2;

  private final StormFleet fleet;
  private final int devices;

  WarmupPhase(StormFleet fleet, int devices) {
    this.fleet = fleet;
    this.devices = devices;
  }

  /** Keys the warm-up takes from the pool: one per certificate and try (enrollment, rounds). */
  static int keysFor(StormFleet fleet, int devices) {
    return devices * fleet.settings.vdoms() * (1 + ROUNDS);
  }

  /**
   * Boots, enrolls and renews the warm-up appliances on the fleet's hypervisor, clock and embedded
   * CA, timed as the {@code warmup} phase (one success per enrollment and per renewal), then stops
   * their certificates renewing again.
   */
  PhaseRecorder run(
      Hypervisor hv,
      FleetTemplate template,
      ScepAdmission admission,
      SimClock clock,
      ScepCa ca,
      MeterRegistry registry,
      Progress progress)
      throws Exception {
    PhaseRecorder warmup = new PhaseRecorder("warmup", registry, fleet.wall);
    warmup.start();
    StormFleet warm = StormFleet.warmup(fleet, devices);
    warmUp(warm, hv, template, admission, clock, ca, progress, warmup);
    return ended(warmup, warm);
  }

  /**
   * The warm-up of a fleet whose CA is external: the same, on a {@link WarmupHost} of its own
   * (hypervisor, virtual clock, embedded CA), started and closed inside the phase, so that the
   * fleet's clock stays where it is. {@code now} is the fleet's clock's time; the keys come from
   * {@code fleetHv}'s pool.
   */
  PhaseRecorder runApart(
      Hypervisor fleetHv,
      FleetTemplate template,
      ScepAdmission fleetAdmission,
      MeterRegistry registry,
      Progress progress,
      int cores)
      throws Exception {
    PhaseRecorder warmup = new PhaseRecorder("warmup", registry, fleet.wall);
    warmup.start();
    StormFleet warm;
    try (WarmupHost host =
        WarmupHost.start(fleet, devices, fleetHv.clock().instant(), fleetHv.keys(), cores)) {
      warm = host.fleet;
      warmUp(
          warm,
          host.hypervisor,
          template,
          WarmupHost.admission(fleetAdmission, cores),
          host.clock,
          host.ca,
          progress,
          warmup);
    }
    // Ended once the host is closed: its CPU, stopping included, is the warm-up's.
    return ended(warmup, warm);
  }

  /**
   * Boots {@code warm}, enrolls it and renews it {@link #ROUNDS} times, counting each success in
   * {@code warmup}, then stops its certificates renewing through the CLI, as a storm against a CA
   * that dates by the host's clock does after each renewal, so that this path is warm too.
   */
  private static void warmUp(
      StormFleet warm,
      Hypervisor hv,
      FleetTemplate template,
      ScepAdmission admission,
      SimClock clock,
      ScepCa ca,
      Progress progress,
      PhaseRecorder warmup)
      throws Exception {
    FleetBoot.boot(warm, hv, template, admission, progress);
    // A registry of their own for each phase: the enroll and storm meters are the fleet's, and a
    // registry hands a second phase of the same name the first one's counters.
    int window = EnrollmentWindow.size(admission.limit(), warm.certificates);
    warmup.recordOkCount(
        new EnrollmentPhase(warm, new SimpleMeterRegistry(), window).run(progress).ok());
    RenewalPhase renewal = null;
    for (int r = 0; r < ROUNDS; r++) {
      if (renewal != null) {
        renewal.detach();
      }
      renewal = new RenewalPhase(warm, EnrolledCertificates.read(warm), new SimpleMeterRegistry());
      PhaseResult round = renewal.run(hv, clock, ca, progress).snapshot();
      clock.setMode(ClockMode.REALTIME);
      warmup.recordOkCount(round.ok());
    }
    if (renewal != null) {
      stopRenewing(warm, renewal);
    }
  }

  /** Ends {@code warmup} and says what it did. */
  private static PhaseRecorder ended(PhaseRecorder warmup, StormFleet warm) {
    warmup.end();
    PhaseResult p = warmup.snapshot();
    warm.out.printf(
        Locale.ROOT,
        "Warm-up: %d appliances outside the fleet, %,d enrollments and renewals, %.1f s wall,"
            + " %.1f s CPU%n",
        warm.devices(),
        p.ok(),
        p.endSeconds() - p.startSeconds(),
        p.cpuSeconds());
    warm.out.flush();
    return warmup;
  }

  /**
   * Every warm-up certificate stops renewing, so that the storm renews the fleet's only; {@code
   * renewal}, the last round, stops listening.
   */
  private static void stopRenewing(StormFleet warm, RenewalPhase renewal) throws Exception {
    renewal.detach();
    List<CompletableFuture<Void>> stopped = new ArrayList<>();
    for (int i = 0; i < warm.devices(); i++) {
      int device = i;
      Firmware fw = warm.firmware(i);
      for (String vdom : warm.device(i).vdoms()) {
        String name = StormFleet.certificateName(vdom);
        stopped.add(fw.appliance().run(() -> renewal.stopAutoRegenerate(fw, device, name)));
      }
    }
    warm.await(CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)));
  }
}
