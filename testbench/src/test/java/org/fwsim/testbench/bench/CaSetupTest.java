package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.junit.jupiter.api.Test;

/**
 * The embedded CA's line names what each protocol's clients authenticate with, and only that: the
 * SCEP challenge, EST's HTTP basic user and password, CMP's MAC secret, nothing for ACME.
 */
class CaSetupTest {

  @Test
  void eachProtocolShowsItsOwnCredentialsAndAGivenOneMasked() {
    assertEquals(" challenge fwsim-1", shown(EnrollProtocol.SCEP, null));
    assertEquals(" user est password fwsim-1", shown(EnrollProtocol.EST, null));
    assertEquals(" MAC secret fwsim-1", shown(EnrollProtocol.CMPV2, null));
    assertEquals("", shown(EnrollProtocol.ACME2, null));
    assertEquals(" user est password ********", shown(EnrollProtocol.EST, "given"));
    assertEquals(" MAC secret ********", shown(EnrollProtocol.CMPV2, "given"));
  }

  private static String shown(EnrollProtocol protocol, String given) {
    StormSettings s =
        QuickStorms.settings(1, 1, null, given, FaultPlan.NONE, 0, ScepFlow.FORTIOS, protocol);
    return CaSetup.credentials(s, given == null ? "fwsim-1" : given);
  }
}
