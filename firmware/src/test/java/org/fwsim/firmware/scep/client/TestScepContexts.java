package org.fwsim.firmware.scep.client;

import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.EgressRules;
import org.fwsim.firmware.egress.EgressSelector;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.UnderlayScepConnector;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.vdom.Vdom;

/**
 * {@link ScepContext}s wired by hand for tests that drive a SCEP client without a booted firmware
 * (the firmware wires its own in {@code ScepClients}).
 */
public final class TestScepContexts {
  private TestScepContexts() {}

  /**
   * The context of one VDOM of an appliance on a hypervisor: its mailbox, clock and stores, the
   * hypervisor's scheduler and key pool, egress by route lookup in the VDOM's routing table ({@code
   * interface-select-method auto}), connections over the hypervisor's underlay.
   */
  public static ScepContext forVdom(
      Hypervisor hypervisor,
      Appliance appliance,
      Vdom vdom,
      DebugControl debug,
      EventLog eventLog,
      PkiRequests requests,
      ScepPolicy policy) {
    EgressSelector egress = EgressRules.auto(appliance);
    return new ScepContext(
        appliance.mailbox().completions(),
        appliance.clock(),
        hypervisor.scheduler(),
        debug,
        eventLog,
        vdom.name(),
        vdom.vfid(),
        vdom.certStore(),
        appliance.globalCerts(),
        hypervisor.keys(),
        requests,
        egress,
        new ScepHttpClient(new UnderlayScepConnector(hypervisor.underlay(), appliance)),
        policy);
  }
}
