package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.mgmt.ManagementPlane;

/** A small real-time fleet as the fleet tests start it: one thread of each kind, a few keys. */
final class TestFleets {
  private TestFleets() {}

  /** A real-time hypervisor with one worker, IO and keygen thread and {@code keys} pooled keys. */
  static Hypervisor hypervisor(int keys) {
    return Hypervisor.builder(SimClock.realtime(Instant.now()))
        .workers(1)
        .ioThreads(1)
        .keygenThreads(1)
        .keyPoolCapacity(keys)
        .build();
  }

  /**
   * Boots {@code devices} devices of one VDOM in {@code dir} with admin password {@code s3cret},
   * management on port1, behind {@code planes}.
   */
  static FleetService start(
      Hypervisor hv,
      Path dir,
      int devices,
      String challenge,
      PrintStream out,
      List<ManagementPlane> planes)
      throws IOException {
    return FleetService.start(
        new FleetService.Settings(
            new FleetPlan(devices, 1, Shard.ALL),
            dir,
            null,
            "s3cret",
            null,
            challenge,
            "port1",
            Duration.ofSeconds(60)),
        hv,
        out,
        planes);
  }
}
