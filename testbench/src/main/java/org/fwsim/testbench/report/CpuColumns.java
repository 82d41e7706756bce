package org.fwsim.testbench.report;

import java.util.ArrayList;
import java.util.List;
import org.fwsim.testbench.probe.ThreadCpu;
import org.fwsim.testbench.report.model.PhaseResult;

/** The kinds of thread that used CPU in any of some phases, in {@link ThreadCpu.Group} order. */
final class CpuColumns {

  private CpuColumns() {}

  static List<String> of(PhaseResult... phases) {
    List<String> kinds = new ArrayList<>();
    for (ThreadCpu.Group g : ThreadCpu.Group.values()) {
      for (PhaseResult p : phases) {
        if (p.cpuByThread().containsKey(g.label())) {
          kinds.add(g.label());
          break;
        }
      }
    }
    return kinds;
  }
}
