package org.fwsim.testbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wall time of each step of a run, end to end (the CA, the keys, the boot, enrollment, storm,
 * check, heap readings and the bound), so that a run's time can be told apart without a profiler.
 * Used by the run's thread only.
 */
final class RunSteps {

  private record Step(String name, long nanos) {}

  private final RunClock wall;
  private final long start;
  private final List<Step> steps = new ArrayList<>();
  private long last;

  RunSteps(RunClock wall) {
    this.wall = wall;
    this.start = wall.nanos();
    this.last = start;
  }

  /** Ends the step under way, naming it; a name used before adds to that step. */
  void done(String name) {
    long now = wall.nanos();
    long took = now - last;
    last = now;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        steps.set(i, new Step(name, steps.get(i).nanos() + took));
        return;
      }
    }
    steps.add(new Step(name, took));
  }

  /** {@code ca 0.4 s, keys 2.1 s, ..., all 41.3 s}. */
  String describe() {
    StringBuilder s = new StringBuilder();
    for (Step step : steps) {
      s.append(String.format(Locale.ROOT, "%s %.1f s, ", step.name(), step.nanos() / 1e9));
    }
    return s.append(String.format(Locale.ROOT, "all %.1f s", (last - start) / 1e9)).toString();
  }
}
