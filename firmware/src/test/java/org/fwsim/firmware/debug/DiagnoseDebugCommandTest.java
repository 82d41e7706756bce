package org.fwsim.firmware.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Test;

class DiagnoseDebugCommandTest {
  private final SteppedClock clock = new SteppedClock(Instant.parse("2025-11-24T11:00:00Z"));
  private final DebugControl debug = new DebugControl(clock, new ListSink());

  private List<String> run(String words) {
    return DiagnoseDebugCommand.run(debug, Arrays.asList(words.split(" ")));
  }

  @Test
  void kb262267SequenceTurnsScepDebugOn() {
    run("application scep -1");
    run("enable");
    assertTrue(debug.trace(DebugApplication.SCEP).on());
    assertEquals(-1, debug.settings().level(DebugApplication.SCEP));
  }

  @Test
  void shortenedKeywordsWorkAsOnTheCli() {
    run("app forticron 255");
    run("en");
    run("con time en");
    assertTrue(debug.trace(DebugApplication.FORTICRON).on());
    assertTrue(debug.settings().consoleTimestamp());
    run("dis");
    assertFalse(debug.settings().outputEnabled());
  }

  @Test
  void durationAndInfo() {
    run("duration 0");
    assertEquals(0, debug.settings().durationMinutes());
    assertTrue(run("info").contains("debug duration:         unlimited"));
    run("reset");
    assertEquals(0, debug.settings().level(DebugApplication.FORTICRON));
  }

  @Test
  void badInputGetsAClearError() {
    assertEquals(
        "unknown debug application 'ike' (known: scep, forticron, cmp, sdwanmnger, lnkmtd, acme)",
        assertThrows(IllegalArgumentException.class, () -> run("application ike 255"))
            .getMessage());
    assertEquals(
        "ambiguous command 'd' (disable, duration)",
        assertThrows(IllegalArgumentException.class, () -> run("d")).getMessage());
    assertEquals(
        "debug level must be an integer, got 'all'",
        assertThrows(IllegalArgumentException.class, () -> run("application scep all"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> run("application scep -2"));
    assertThrows(IllegalArgumentException.class, () -> run("duration -5"));
    assertThrows(IllegalArgumentException.class, () -> run("console timestamp maybe"));
  }
}
