package org.fwsim.firmware.build;

import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.fwsim.hal.testing.LowerModuleArchitectureTest;

/** firmware sits on hal and under testbench: no testbench imports, no cycles, no wall clock. */
class FirmwareArchitectureTest extends LowerModuleArchitectureTest {

  /**
   * Dependencies that close a package cycle today: none. The last one, {@code firmware} ↔ {@code
   * firmware.cert}, went when cert stopped reaching back into {@code Firmware} (structure review
   * P2); a new cycle fails here.
   */
  private static final List<Known> KNOWN_CYCLES = List.of();

  FirmwareArchitectureTest() {
    super("org.fwsim.firmware", List.of("org.fwsim.testbench"), KNOWN_CYCLES);
  }
}
