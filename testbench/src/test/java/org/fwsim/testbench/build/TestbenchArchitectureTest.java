package org.fwsim.testbench.build;

import java.util.List;
import org.fwsim.hal.testing.ModuleArchitectureTest;

/**
 * testbench is the top layer (hal and firmware check that they do not import it); inside it, no
 * package cycles (the results model lives in {@code report.model}, so {@code bench} depends on
 * {@code report} and not the other way). It drives real time on purpose (a storm runs against the
 * wall clock), so there is no wall-clock rule here.
 */
class TestbenchArchitectureTest extends ModuleArchitectureTest {

  TestbenchArchitectureTest() {
    super("org.fwsim.testbench", List.of());
  }
}
