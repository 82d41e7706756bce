package org.fwsim.hal.build;

import java.util.List;
import org.fwsim.hal.testing.LowerModuleArchitectureTest;

/**
 * hal is the bottom layer: it knows neither firmware nor testbench, has no cycles, no wall clock.
 */
class HalArchitectureTest extends LowerModuleArchitectureTest {

  HalArchitectureTest() {
    super(
        "org.fwsim.hal",
        List.of("org.fwsim.firmware", "org.fwsim.testbench"),
        List.of(), // no known cycles
        // SimClock is the one place that reads real time: it is what fast-forwards virtual time.
        "org.fwsim.hal.clock.SimClock");
  }
}
