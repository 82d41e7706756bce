package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fwsim.testbench.ca.CaFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultPlanTest {

  @Test
  void parsesEveryKindAndMapsThemOnTheCaFaults() {
    FaultPlan p =
        FaultPlan.parse(
            "ca-down:90s, slow:20, http500:0.5,garbage:0.1,pending:0.2,"
                + "badrequest:0.05,link-down");
    assertEquals(Duration.ofSeconds(90), p.caDown());
    assertEquals(20, p.slowMillis());
    assertTrue(p.linkDown());
    assertEquals(new CaFaults(true, 20, true, true, 0.2, 0.05), p.duringWindow(0.1));
    assertEquals(new CaFaults(false, 20, false, false, 0.3, 0.05), p.afterWindow(0.3));
    assertEquals(FaultPlan.SWITCH_WINDOW, p.window());
    assertEquals(FaultPlan.NONE, FaultPlan.parse(""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "flood:1      | unknown fault 'flood:1'",
        "http500:2    | fraction",
        "ca-down      | needs a value",
        "ca-down:soon | no duration",
      })
  void badItemsAreRefusedByName(String item, String expected) {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse(item))
            .getMessage()
            .contains(expected));
  }
}
