package org.fwsim.testbench.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The file descriptors a fleet needs, and what it says when the process may open fewer. */
class DescriptorsTest {

  @Test
  void aSocketPerDeviceAndServiceOrOnePerService() {
    assertEquals(
        20_000 + Descriptors.RESERVE, Descriptors.needed(10_000, 2, Listening.OWN_ADDRESS));
    assertEquals(2 + Descriptors.RESERVE, Descriptors.needed(10_000, 2, Listening.SHARED));
  }

  @Test
  void aShortfallSaysHowMuchAndBothWaysOut() {
    String why = Descriptors.shortfall(10_000, 2, Listening.OWN_ADDRESS, 20_000);
    assertTrue(why.contains("need about 21024 file descriptors"), why);
    assertTrue(why.contains("may open 20000 (ulimit -n)"), why);
    assertTrue(why.contains("ulimit -n 21024"), why);
    assertTrue(why.contains("--listen shared"), why);
    assertNull(Descriptors.shortfall(10_000, 2, Listening.SHARED, 20_000));
    assertNull(Descriptors.shortfall(9_000, 2, Listening.OWN_ADDRESS, 20_000));
  }
}
