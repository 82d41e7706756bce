package org.fwsim.firmware.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;

/** One appliance with forticron on a zero-worker hypervisor in fast-forward: tests step time. */
final class CronRig implements AutoCloseable {

  final SimClock sim;
  final Hypervisor hv;
  final Appliance appliance;
  final EventLog log = new EventLog(100_000);
  final ListSink sink = new ListSink();
  final DebugControl debug;
  final FakeRenewer renewer;
  final Forticron cron;

  CronRig(Instant start) {
    sim = SimClock.fastForward(start);
    hv = Hypervisor.builder(sim).workers(0).keygenThreads(1).build();
    appliance = hv.newAppliance("FGVM02TM25000001", "FGT");
    debug = new DebugControl(appliance.clock(), sink);
    renewer = new FakeRenewer(sim);
    renewer.attach(appliance);
    cron = new Forticron(appliance, renewer, log, debug.trace(DebugApplication.FORTICRON));
  }

  /** Runs {@code work} on the appliance's mailbox, as the CLI would, and settles. */
  /**
   * Moves the appliance's clock by {@code offset} and tells forticron, as {@code execute date}
   * does.
   */
  void setClockOffset(Duration offset) {
    appliance.clock().setOffset(offset);
    run(() -> cron.clockChanged());
  }

  /** Runs {@code work} on the appliance's mailbox and returns once it has run. */
  void run(Runnable work) {
    on(java.util.concurrent.Executors.callable(work));
  }

  <T> T on(java.util.concurrent.Callable<T> work) {
    var f = appliance.call(work);
    hv.runUntilIdle();
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  void update(CronCertificate... certs) {
    run(() -> cron.update(List.of(certs)));
  }

  /** Moves the simulation to {@code t}, firing every timer on the way. */
  void runUntil(Instant t) {
    hv.scheduler().runUntil(t.toEpochMilli(), hv::runUntilIdle);
  }

  void runFor(Duration d) {
    runUntil(sim.instant().plus(d));
  }

  void traceOn() {
    debug.duration(0);
    debug.application(DebugApplication.FORTICRON, 255);
    debug.enable();
  }

  List<LogEntry> logs(LogId id) {
    List<LogEntry> all = new java.util.ArrayList<>(log.entries());
    java.util.Collections.reverse(all); // oldest first
    return all.stream().filter(e -> e.id() == id).toList();
  }

  ScheduledCert state(String name) {
    return on(() -> cron.find(name));
  }

  /** The fixed offset forticron adds to each retry of this certificate. */
  Duration spread(String name) {
    return on(() -> Duration.ofMillis(cron.retrySpread(cron.find(name))));
  }

  List<String> diagnose(String... words) {
    return on(() -> cron.diagnoseTest(List.of(words)));
  }

  @Override
  public void close() {
    hv.close();
  }
}
