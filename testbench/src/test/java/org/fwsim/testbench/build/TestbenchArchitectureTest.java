package org.fwsim.testbench.build;

import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.fwsim.hal.testing.ModuleArchitectureTest;

/**
 * testbench is the top layer (hal and firmware check that they do not import it); inside it, no
 * package cycles. It drives real time on purpose (a storm runs against the wall clock), so there is
 * no wall-clock rule here.
 */
class TestbenchArchitectureTest extends ModuleArchitectureTest {

  /**
   * Dependencies that close a package cycle today; fix the cycle, then delete its line here. The
   * cycle {@code bench} ↔ {@code report}: report reads the results model that lives in bench
   * (structure review P4; the model moves to {@code report.model}).
   */
  private static final List<Known> KNOWN_CYCLES =
      List.of(
          known("CpuColumns", "PhaseResult"),
          known("CpuColumns", "ThreadCpu"),
          known("HtmlReport", "CryptoBound"),
          known("HtmlReport", "PhaseResult"),
          known("Progress", "PhaseRecorder"),
          known("ResultsJson", "CryptoBound"),
          known("ResultsJson", "PhaseResult"),
          known("RunMeters", "ThreadCpuMetrics"),
          known("RunResults", "CryptoBound"),
          known("RunResults", "PhaseResult"),
          known("SummaryTable", "CryptoBound"),
          known("SummaryTable", "PhaseResult"),
          known("SvgCharts", "PhaseResult"));

  private static Known known(String reportClass, String benchClass) {
    return new Known(
        "org.fwsim.testbench.report." + reportClass, "org.fwsim.testbench.bench." + benchClass);
  }

  TestbenchArchitectureTest() {
    super("org.fwsim.testbench", List.of(), KNOWN_CYCLES, false);
  }
}
