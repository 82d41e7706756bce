package org.fwsim.testbench.ca;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;

/** SCEP CAs as the tests that enroll simulated appliances start them. */
public final class TestCas {
  private TestCas() {}

  /**
   * A one-worker CA on the hypervisor's clock that asks for {@code challenge}, listening on the
   * simulated underlay at {@code address} port 80.
   */
  public static ScepCa onUnderlay(Hypervisor hv, String challenge, String address) {
    ScepCa ca =
        ScepCa.builder()
            .clock(hv.clock())
            .meterRegistry(new SimpleMeterRegistry())
            .challenge(challenge)
            .workers(1)
            .build();
    ca.start(hv.underlay(), Ip4.parse(address), 80);
    return ca;
  }
}
