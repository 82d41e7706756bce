package org.fwsim.firmware.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TraceTest {
  private final SteppedClock clock = new SteppedClock(Instant.parse("2025-11-24T11:31:35Z"));
  private final ListSink sink = new ListSink();
  private final DebugControl debug = new DebugControl(clock, sink);
  private final Trace forticron = debug.trace(DebugApplication.FORTICRON);
  private final Trace scep = debug.trace(DebugApplication.SCEP);

  @Test
  void offByDefaultPrintsNothing() {
    assertFalse(forticron.on());
    forticron.line("scep_recv", 509, "read %d bytes: pos=%d, len=%d", 1449, 0, 2048);
    assertEquals(List.of(), sink.lines());
  }

  @Test
  void printsBothFortiOsShapesWhenLevelAndOutputAreOn() {
    debug.application(DebugApplication.FORTICRON, 255);
    debug.application(DebugApplication.SCEP, -1);
    debug.enable();
    forticron.line("scep_recv", 509, "read %d bytes: pos=%d, len=%d", 1449, 0, 2048);
    forticron.line("scep_start_connect", 682);
    scep.line("scep_parse_header", "server returned status code %d", 200);
    scep.line("pkcs7_wrap", "creating outer PKCS#7");
    assertEquals(
        List.of(
            "scep_recv()-509: read 1449 bytes: pos=0, len=2048",
            "scep_start_connect()-682: ",
            "scep_parse_header: server returned status code 200",
            "pkcs7_wrap: creating outer PKCS#7"),
        sink.lines());
  }

  @Test
  void levelWithoutEnableAndEnableWithoutLevelStaySilent() {
    debug.application(DebugApplication.SCEP, -1);
    assertFalse(scep.on(), "level set but output not enabled");
    debug.reset();
    debug.enable();
    assertFalse(scep.on(), "output enabled but level 0");
    debug.application(DebugApplication.FORTICRON, 255);
    assertFalse(scep.on(), "another application's level does not count");
    assertTrue(forticron.on());
  }

  @Test
  void disableKeepsLevelsResetClearsThem() {
    debug.application(DebugApplication.SCEP, 255);
    debug.enable();
    debug.disable();
    assertFalse(scep.on());
    assertEquals(255, debug.settings().level(DebugApplication.SCEP));
    debug.enable();
    assertTrue(scep.on());
    debug.reset();
    assertFalse(scep.on());
    assertEquals(0, debug.settings().level(DebugApplication.SCEP));
  }

  @Test
  void outputStopsWhenTheDefaultThirtyMinutesOfVirtualTimeRunOut() {
    debug.application(DebugApplication.SCEP, -1);
    debug.enable();
    clock.step(Duration.ofMinutes(2));
    assertEquals(
        List.of("Debug messages will be on for 28 minutes."),
        debug.application(DebugApplication.FORTICRON, 255));
    clock.step(Duration.ofMinutes(28).minusMillis(1));
    assertTrue(scep.on());
    clock.step(Duration.ofMillis(1));
    assertFalse(scep.on());
    assertFalse(debug.settings().outputEnabled(), "expiry turns output off as disable does");
    assertEquals(-1, debug.settings().level(DebugApplication.SCEP));
  }

  @Test
  void durationZeroIsUnlimited() {
    debug.duration(0);
    debug.application(DebugApplication.SCEP, 1);
    debug.enable();
    clock.step(Duration.ofDays(400));
    assertTrue(scep.on());
  }

  @Test
  void consoleTimestampPrefixesLinesAndOnlyTheFirstLineOfABlock() {
    debug.application(DebugApplication.FORTICRON, 255);
    debug.consoleTimestamp(true);
    debug.enable();
    forticron.line(
        "scep_connect", 668, "SCEP connection(%s) started. socket: %d", "10.5.149.111", 25);
    forticron.raw("[HTTP/1.1 200 OK\nConnection: close\n]");
    assertEquals(
        List.of(
            "2025-11-24 11:31:35 scep_connect()-668: SCEP connection(10.5.149.111) started. socket: 25",
            "2025-11-24 11:31:35 [HTTP/1.1 200 OK",
            "Connection: close",
            "]"),
        sink.lines());
  }

  @Test
  void levelMaskSelectsBits() {
    debug.application(DebugApplication.FORTICRON, 0x40);
    debug.enable();
    assertTrue(forticron.on(0x40));
    assertFalse(forticron.on(0x01));
  }

  @Test
  void infoShowsWhatIsSet() {
    debug.application(DebugApplication.SCEP, -1);
    debug.application(DebugApplication.FORTICRON, 255);
    debug.consoleTimestamp(true);
    debug.enable();
    assertEquals(
        List.of(
            "debug output:           enable",
            "console timestamp:      enable",
            "console no user log message:    disable",
            "scep debug level:       -1 (0xffffffff)",
            "forticron debug level:  255 (0xff)",
            "CLI debug level:        3",
            "debug duration:         30 minutes"),
        debug.info());
  }

  @Test
  void guardedCallAllocatesNothingWhenOff() {
    com.sun.management.ThreadMXBean mx = allocationCounter();
    debug.application(DebugApplication.SCEP, 255); // level set, output off: the common fleet state
    long tid = Thread.currentThread().getId();
    int printed = 0;
    for (int round = 0; round < 3; round++) { // earlier rounds warm up the JIT
      long before = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 100_000; i++) {
        if (scep.on()) {
          scep.line("scep_recv", 509, "read %d bytes: pos=%d, len=%d", i, i, 2048);
          printed++;
        }
      }
      long allocated = mx.getThreadAllocatedBytes(tid) - before;
      if (round == 2) {
        // A few hundred bytes of slack for the measuring itself; one varargs array per
        // call would be megabytes.
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 100,000 guarded calls");
      }
    }
    assertEquals(0, printed);
  }

  @Test
  void debugStateIsSmallPerAppliance() {
    com.sun.management.ThreadMXBean mx = allocationCounter();
    long tid = Thread.currentThread().getId();
    DebugControl[] fleet =
        new DebugControl[10_000]; // clock and sink are shared, as in a hypervisor
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < fleet.length; i++) {
      fleet[i] = new DebugControl(clock, sink);
    }
    long perAppliance = (mx.getThreadAllocatedBytes(tid) - before) / fleet.length;
    // Every appliance shares the default settings snapshot until someone types a debug command.
    assertTrue(fleet[0].settings() == fleet[9_999].settings());
    // The budget grows with the applications: one 24-byte Trace each (seven since EST, CMP and
    // ACME came), the array, the control itself; a per-appliance copy of the settings would
    // double it.
    int budget = 160 + 24 * DebugApplication.values().length;
    assertTrue(
        perAppliance <= budget,
        "debug state costs " + perAppliance + " bytes per appliance, budget " + budget);
  }

  /** The JVM's per-thread allocation counter; the test is skipped on a JVM without one. */
  private static com.sun.management.ThreadMXBean allocationCounter() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean to count allocated bytes");
    return (com.sun.management.ThreadMXBean) bean;
  }
}
