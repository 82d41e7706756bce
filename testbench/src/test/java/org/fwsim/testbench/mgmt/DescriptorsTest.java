package org.fwsim.testbench.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The file descriptors a fleet needs, and what it says when the process may open fewer. */
class DescriptorsTest {

  @Test
  void aSocketPerDeviceAndService() {
    assertEquals(20_000 + Descriptors.RESERVE, Descriptors.needed(10_000, 2));
  }

  @Test
  void aShortfallSaysHowMuchAndTheOneWayOut() {
    String why = Descriptors.shortfall(10_000, 2, 20_000);
    assertTrue(why.contains("need about 21024 file descriptors"), why);
    assertTrue(why.contains("may open 20000 (ulimit -n)"), why);
    assertTrue(why.contains("ulimit -n 21024"), why);
    assertFalse(why.contains("--listen"), "no way out but the limit: " + why);
    assertNull(Descriptors.shortfall(9_000, 2, 20_000));
  }
}
