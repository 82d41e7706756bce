package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.junit.jupiter.api.Test;

/** {@code --warmup}: auto warms a storm against an external SCEP CA only; numbers as given. */
class WarmupSizeTest {

  private static StormSettings storm(String caUrl, EnrollProtocol protocol) {
    return QuickStorms.settings(
        2, 1, caUrl, "secret", FaultPlan.NONE, 1, ScepFlow.FORTIOS, protocol);
  }

  private static final StormSettings EMBEDDED = storm(null, EnrollProtocol.SCEP);
  private static final StormSettings MICROMDM =
      storm("http://127.0.0.1:9/scep", EnrollProtocol.SCEP);
  private static final StormSettings EXTERNAL_EST =
      storm("https://127.0.0.1:9", EnrollProtocol.EST);

  @Test
  void autoWarmsAnExternalScepCaOnly() {
    assertEquals(WarmupSize.AUTO_EXTERNAL, WarmupSize.of("auto", MICROMDM));
    assertEquals(0, WarmupSize.of("auto", EMBEDDED));
    assertEquals(0, WarmupSize.of("auto", EXTERNAL_EST));
  }

  @Test
  void noneAndNumbersAreTakenAsGiven() {
    assertEquals(0, WarmupSize.of("none", MICROMDM));
    assertEquals(0, WarmupSize.of("0", EXTERNAL_EST));
    assertEquals(40, WarmupSize.of("40", EMBEDDED));
    assertEquals(40, WarmupSize.of("40", MICROMDM));
  }

  @Test
  void aWarmUpAnExternalCaOfAnotherProtocolCannotHaveIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WarmupSize.of("10", EXTERNAL_EST));
    assertEquals(
        "--warmup 10: with --ca the warm-up enrolls with an embedded SCEP CA of its own, which"
            + " warms the SCEP path only, not --protocol est's; give --warmup none",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WarmupSize.of("-3", EMBEDDED));
    assertThrows(IllegalArgumentException.class, () -> WarmupSize.of("many", EMBEDDED));
  }
}
