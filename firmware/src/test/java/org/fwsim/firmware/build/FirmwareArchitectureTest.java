package org.fwsim.firmware.build;

import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.fwsim.hal.testing.ModuleArchitectureTest;

/** firmware sits on hal and under testbench: no testbench imports, no cycles, no wall clock. */
class FirmwareArchitectureTest extends ModuleArchitectureTest {

  /**
   * Dependencies that close a package cycle today; fix the cycle, then delete its line here. The
   * cycle {@code firmware} ↔ {@code firmware.cert}: cert reaches back into the whole {@code
   * Firmware} (structure review P2).
   */
  private static final List<Known> KNOWN_CYCLES =
      List.of(
          new Known("org.fwsim.firmware.cert.Certificates", "org.fwsim.firmware.Firmware"),
          new Known("org.fwsim.firmware.cert.CertificateCommands", "org.fwsim.firmware.Firmware"),
          new Known("org.fwsim.firmware.cert.ScepRenewer", "org.fwsim.firmware.Firmware"));

  FirmwareArchitectureTest() {
    super("org.fwsim.firmware", List.of("org.fwsim.testbench"), KNOWN_CYCLES, true);
  }
}
