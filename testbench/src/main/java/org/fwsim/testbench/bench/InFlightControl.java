package org.fwsim.testbench.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.hal.lang.DaemonThreads;
import org.fwsim.testbench.report.Progress;

/**
 * Keeps the run's SCEP admission (and the enrollment window) at its {@link InFlightTarget}, read
 * once a second from the phase under way. Does nothing for an unbounded admission or a bound the
 * user set ({@code --max-in-flight}): those stay as they are.
 */
final class InFlightControl implements AutoCloseable {

  private final ScepAdmission admission;
  private final InFlightTarget target;
  private final RunClock wall;
  private final ScheduledExecutorService ticker;
  private volatile Progress.Counts phase;
  private volatile IntConsumer alsoResize = n -> {};

  private InFlightControl(ScepAdmission admission, InFlightTarget target, RunClock wall) {
    this.admission = admission;
    this.target = target;
    this.wall = wall;
    this.ticker =
        target == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fwsim-in-flight"));
    if (ticker != null) {
      ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Follows what the CA gets through when the bound is automatic ({@code userBound} 0 and {@code
   * admission} bounded), else a control that changes nothing.
   */
  static InFlightControl start(ScepAdmission admission, int userBound, int cores, RunClock wall) {
    boolean adaptive = userBound == 0 && admission.limit() > 0;
    InFlightTarget target =
        adaptive
            ? new InFlightTarget(
                InFlightTarget.floor(cores, admission.limit()),
                admission.limit(),
                InFlightTarget.TARGET)
            : null;
    return new InFlightControl(admission, target, wall);
  }

  /** The window a phase should open with. */
  int limit() {
    return target == null ? admission.limit() : target.limit();
  }

  /**
   * From now on the rate is the one of {@code counts} (its ended transactions), and {@code resize}
   * hears every new limit besides the admission (the enrollment window; none: {@code n -> {}}).
   */
  void follow(Progress.Counts counts, IntConsumer resize) {
    if (target == null) {
      return;
    }
    synchronized (this) {
      target.restart();
      this.alsoResize = resize;
      this.phase = counts;
      if (admission.limit() != target.limit()) {
        admission.resize(target.limit());
      }
    }
  }

  private synchronized void tick() {
    Progress.Counts p = phase;
    if (p == null) {
      return;
    }
    int before = target.limit();
    int n = target.update(p.ok() + p.failed() + p.failedTries(), wall.nanos());
    if (n != before) {
      admission.resize(n);
      alsoResize.accept(n);
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
