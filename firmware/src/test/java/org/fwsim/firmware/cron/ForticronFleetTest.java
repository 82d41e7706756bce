package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.junit.jupiter.api.Test;

/**
 * Many certificates: one timer per appliance, nothing done between deadlines, bytes per
 * certificate.
 */
class ForticronFleetTest {

  static final Instant START = ForticronLifecycleTest.START;
  static final Instant END = START.plus(Duration.ofDays(365));

  @Test
  void aThousandCertificatesOnTenAppliancesNeedTenTimersAndRenewOnTime() {
    SimClock sim = SimClock.fastForward(START);
    try (Hypervisor hv = Hypervisor.builder(sim).workers(0).keygenThreads(1).build()) {
      List<Forticron> crons = new ArrayList<>();
      List<FakeRenewer> renewers = new ArrayList<>();
      List<EventLog> logs = new ArrayList<>();
      List<Integer> expectedRenewals = new ArrayList<>();
      for (int a = 0; a < 10; a++) {
        Appliance appliance = hv.newAppliance(String.format("FGVM02TM25%06d", a), "FGT" + a);
        FakeRenewer renewer = new FakeRenewer(sim);
        renewer.attach(appliance);
        EventLog log = new EventLog(10_000);
        Forticron cron =
            new Forticron(
                appliance,
                renewer,
                log,
                new DebugControl(appliance.clock(), new ListSink())
                    .trace(DebugApplication.FORTICRON));
        List<CronCertificate> certs = new ArrayList<>();
        int expected = 0;
        for (int i = 0; i < 100; i++) {
          // Spread over 90 days, in the global scope and two VDOMs.
          Instant notAfter =
              START.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(129L * (a * 100 + i)));
          // Renewed at notAfter - 7 days, then every 83 days (+ the CA's 2 s) within the year.
          for (Instant t = notAfter.minus(Duration.ofDays(7));
              t.isBefore(END);
              t = t.plus(Duration.ofDays(83)).plusSeconds(2)) {
            expected++;
          }
          TestCronCertificate c = TestCronCertificate.seed("cert" + i, notAfter);
          certs.add((i % 3 == 0 ? c : c.inVdom("vdom" + (i % 3), i % 3)).build());
        }
        appliance.execute(() -> cron.update(certs));
        crons.add(cron);
        expectedRenewals.add(expected);
        renewers.add(renewer);
        logs.add(log);
      }
      hv.runUntilIdle();
      assertEquals(
          10,
          hv.scheduler().pendingTimers(),
          "one cert_upd timer per appliance, not per certificate");

      hv.scheduler().runUntil(END.toEpochMilli(), hv::runUntilIdle);

      for (int a = 0; a < 10; a++) {
        int renewals = renewers.get(a).calls.size();
        assertEquals(expectedRenewals.get(a), renewals, "appliance " + a);
        assertEquals(
            renewals,
            logs.get(a).entries().stream().filter(e -> e.id() == LogId.AUTO_GEN_CERT_SUCC).count());
        assertEquals(100, crons.get(a).certificateCount());
      }
      assertEquals(10, hv.scheduler().pendingTimers());
    }
  }

  @Test
  void aFiringWithNothingDueChecksNoCertificate() {
    try (CronRig rig = new CronRig(START)) {
      List<CronCertificate> certs = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        certs.add(
            ForticronLifecycleTest.seedConfig("c" + i, START.plus(Duration.ofDays(60 + i % 30))));
      }
      rig.run(() -> rig.cron.update(certs));
      rig.traceOn();
      rig.sink.clear();

      rig.runFor(Duration.ofDays(3)); // nothing due for a month: only the daily wake-ups

      // The traf_his timer runs beside cert_upd while the trace is on; it checks no certificate.
      List<String> certUpd =
          rig.sink.lines().stream().filter(l -> !l.contains("Timer traf_his")).toList();
      assertEquals(
          List.of(
              "fcron_timer_func()-25: Timer cert_upd fired",
              "fcron_update_timer_func()-342: ",
              "fcron_timer_func()-32: Timer cert_upd done"),
          certUpd.subList(0, 3));
      assertEquals(9, certUpd.size(), "three wake-ups, no __check_exp_date");
    }
  }

  /**
   * Heap per certificate held by forticron (its state, map entry, key, heap slot), the {@link
   * CronCertificate} inputs measured apart. Printed for the report; bounded loosely so a regression
   * to per-certificate timers or copies fails.
   */
  @Test
  void bytesPerCertificate() {
    try (CronRig rig = new CronRig(START)) {
      int n = 100_000;
      long base = usedHeap();
      List<CronCertificate> certs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        certs.add(
            ForticronLifecycleTest.seedConfig(
                "cert" + i, START.plus(Duration.ofDays(30 + i % 300))));
      }
      long withInputs = usedHeap();
      rig.run(() -> rig.cron.update(certs));
      long withState = usedHeap();
      double input = (withInputs - base) / (double) n;
      double state = (withState - withInputs) / (double) n;
      System.out.printf(
          "forticron: %.0f bytes/certificate of state, %.0f bytes/certificate of input%n",
          state, input);
      assertEquals(n, rig.cron.certificateCount());
      assertEquals(1, rig.hv.scheduler().pendingTimers());
      assertTrue(state < 300, "forticron state per certificate: " + state + " bytes");
    }
  }

  private static long usedHeap() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
