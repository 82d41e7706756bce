package org.fwsim.firmware;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;

/**
 * Heap per booted appliance (HAL appliance, configuration tree, firmware state), measured by
 * booting N and comparing used heap after GC. A main, not a test: figures vary with the JVM. Run:
 * {@code mvn -Pjmh -pl firmware -am test-compile}, then {@code java -cp ...
 * org.fwsim.firmware.FirmwareFootprint 2000}
 */
final class FirmwareFootprint {
  private FirmwareFootprint() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    try (Hypervisor hv =
        Hypervisor.builder(SimClock.fastForward(Instant.parse("2026-01-01T00:00:00Z")))
            .workers(0)
            .keygenThreads(1)
            .build()) {
      CommandRegistry shared = FirmwareCommands.newRegistry();
      Firmware.labDefault("warm-up"); // loads the schema and classes before the baseline
      long baseline = used();
      List<ConfigTree> trees = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        trees.add(Firmware.labDefault("FGVM" + i));
      }
      long treesOnly = used();
      List<Firmware> fleet = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        CompletableFuture<Firmware> f =
            Firmware.boot(
                hv,
                hv.newAppliance(String.format("FGVM01TM%08d", i), "FGVM" + i),
                trees.get(i),
                shared);
        hv.runUntilIdle();
        fleet.add(f.join());
      }
      long booted = used();
      System.out.printf(
          "appliances: %d%nconfig tree (lab default): %d bytes each%n"
              + "appliance + firmware on top: %d bytes each%ntotal: %d bytes each%n",
          n, (treesOnly - baseline) / n, (booted - treesOnly) / n, (booted - baseline) / n);
      System.out.println(fleet.size() + trees.size() > 0 ? "" : "-");
    }
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
