package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fwsim.firmware.Firmware;
import org.fwsim.testbench.ca.ScepCa;
import org.junit.jupiter.api.Test;

/** The heap figures: differences of the readings, or unknown while a part is still reachable. */
class HeapFiguresTest {

  @Test
  void theFleetsShareIsWhatTheHeapLostWithItPerAppliance() {
    HeapFigures h =
        HeapFigures.all(900_000, null)
            .withoutCa(900_000)
            .watchFleet(new Firmware[0])
            .withoutFleet(100_000, 8);
    assertEquals(100_000, h.perAppliance());
    assertEquals(-1, h.ca(), "an external CA is not in this process");
  }

  @Test
  void aCaStillReachableAfterItClosedHasNoFigure() {
    try (ScepCa ca = ScepCa.builder().build()) {
      HeapFigures h = HeapFigures.all(900_000, ca).withoutCa(700_000);
      assertEquals(-1, h.ca(), "still referenced here: its heap was not given back");
      assertTrue(h.describe().get("CA heap").startsWith("unknown"), h.describe().toString());
    }
  }
}
