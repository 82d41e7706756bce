package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
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
    assertEquals(FaultPlan.NONE, FaultPlan.parse(""));
    assertTrue(p.any());
    assertFalse(FaultPlan.NONE.any());
  }

  @Test
  void fractionsAreSharesAndCaDownHidesNoOtherFault() {
    FaultPlan p = FaultPlan.parse("ca-down:90s,slow:20,http500:0.1,garbage:0.2,badrequest:0.05");
    // Down first, the others wait for the CA to be up...
    assertEquals(new CaFaults(true, 20, 0, 0, 0.1, 0.05), p.at(Duration.ZERO, 0.1));
    // ...then hold as the shares given for the window from then on...
    assertEquals(new CaFaults(false, 20, 0.1, 0.2, 0.1, 0.05), p.at(Duration.ofSeconds(90), 0.1));
    Duration lastInWindow = Duration.ofSeconds(90).plus(FaultPlan.SWITCH_WINDOW).minusMillis(1);
    assertEquals(new CaFaults(false, 20, 0.1, 0.2, 0.1, 0.05), p.at(lastInWindow, 0.1));
    // ...and only the whole-storm shares remain after it.
    assertEquals(new CaFaults(false, 20, 0, 0, 0.3, 0.05), p.at(lastInWindow.plusMillis(1), 0.3));
    assertEquals(
        List.of(Duration.ofSeconds(90), Duration.ofSeconds(90).plus(FaultPlan.SWITCH_WINDOW)),
        p.changes());
    assertEquals(List.of(), FaultPlan.parse("badrequest:0.5").changes());
    assertEquals(
        new CaFaults(false, 0, 0.5, 0, 0, 0), FaultPlan.parse("http500:0.5").at(Duration.ZERO, 0));
  }

  @Test
  void eachFailureKindIsBlamedOnTheFaultThatGivesIt() {
    FaultPlan p = FaultPlan.parse("ca-down:1m,http500:0.1,garbage:0.1,badrequest:0.1,link-down");
    assertEquals("connection [ca-down]", p.label("connection"));
    assertEquals("http 500 [http500]", p.label("http 500"));
    assertEquals("bad reply [garbage]", p.label("bad reply"));
    assertEquals("failInfo badrequest [badrequest]", p.label("failInfo badrequest"));
    assertEquals("egress down [link-down]", p.label("egress down"));
    // A kind no injected fault gives is the system's own, and says so by naming none.
    assertEquals("timeout", p.label("timeout"));
    assertEquals("http 500", FaultPlan.parse("garbage:0.1").label("http 500"));
    assertEquals("connection", FaultPlan.NONE.label("connection"));
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
