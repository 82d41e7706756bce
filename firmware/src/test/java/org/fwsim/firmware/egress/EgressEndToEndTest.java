package org.fwsim.firmware.egress;

import static org.fwsim.firmware.egress.EgressLab.CA;
import static org.fwsim.firmware.egress.EgressLab.GW2;
import static org.fwsim.firmware.egress.EgressLab.GW3;
import static org.fwsim.firmware.egress.EgressLab.LOOPBACK;
import static org.fwsim.firmware.egress.EgressLab.PORT1;
import static org.fwsim.firmware.egress.EgressLab.PORT2;
import static org.fwsim.firmware.egress.EgressLab.PORT3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanConfig.ServiceSla;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Select, then really connect to the CA through the underlay from the chosen source: the CA's
 * record of each connection's source shows which interface and address the request used.
 */
class EgressEndToEndTest {

  private static final Ip4Prefix CA_NET = Ip4Prefix.parse("10.5.149.0/24");

  @AutoClose private final EgressLab lab = new EgressLab();
  private EgressRules selector;
  private SdwanHealth health;

  @BeforeEach
  void world() {
    selector = new EgressRules();
    health = new SdwanHealth(lab.fgt, "root", lab.hv.underlay(), LatencyMeter.NONE);
    selector.attachSdwan("root", health);
  }

  @AfterEach
  void close() {
    health.stop();
  }

  private int enrollSource(int sourceIp) throws Exception {
    return lab.connectToCa(selector.select(lab.fgt, "root", CA, sourceIp));
  }

  @Test
  void autoFollowsTheRoutingTableAndItsChanges() throws Exception {
    int viaPort1 = lab.route("10.5.149.0/24", Ip4.parse("10.0.1.254"), "port1");
    assertEquals(PORT1, enrollSource(0));
    lab.root().putStatic(viaPort1, Route.staticRoute(CA_NET, GW3, "port3"));
    lab.root().publish();
    assertEquals(PORT3, enrollSource(0), "the CA sees the new route's interface address");
  }

  @Test
  void specifyUsesTheNamedInterface() throws Exception {
    lab.route("0.0.0.0/0", GW3, "port3");
    selector.setCertificateSetting("root", VpnCertificateSetting.specify("port2"));
    assertEquals(PORT2, enrollSource(0));
  }

  @Test
  void sourceIpOverridesTheInterfaceAddress() throws Exception {
    lab.route("0.0.0.0/0", GW2, "port2");
    assertEquals(LOOPBACK, enrollSource(LOOPBACK));
    selector.setCertificateSetting("root", VpnCertificateSetting.specify("port3"));
    assertEquals(LOOPBACK, enrollSource(LOOPBACK));
  }

  private void sdwan(SdwanService... services) {
    lab.route("0.0.0.0/0", GW2, "port2");
    lab.route("0.0.0.0/0", GW3, "port3");
    selector.setCertificateSetting("root", VpnCertificateSetting.sdwan());
    health.apply(
        SdwanConfig.of(
            List.of(Member.of(1, "port2", GW2), Member.of(2, "port3", GW3)),
            List.of(EgressLab.tcpCheck("ca_check", 25)),
            List.of(services)));
  }

  @Test
  void sdwanPicksByPriorityAndFailsOverWhenTheMemberDies() throws Exception {
    sdwan(SdwanService.manual(1, "To_CA", List.of(CA_NET), List.of(2, 1)));
    lab.rounds(health, 1);
    assertEquals(PORT3, enrollSource(0));

    Egress stale = selector.select(lab.fgt, "root", CA, 0); // a transaction chose port3...
    lab.change(
        "port3", n -> n.withImpairment(LinkImpairment.linkDown())); // ...then the link went down
    assertEquals(
        "port2",
        selector.select(lab.fgt, "root", CA, 0).interfaceName(),
        "a link-down member is skipped at once, before its health check notices");
    // A transaction already bound to the dead link fails with a clear error (its owner retries).
    IllegalStateException inFlight =
        assertThrows(IllegalStateException.class, () -> lab.connectToCa(stale));
    assertTrue(
        inFlight.getMessage().contains("interface port3 link is down"), inFlight.getMessage());

    lab.rounds(health, 2);
    assertEquals(false, health.status().isAlive(2));
    assertEquals(PORT2, enrollSource(0), "the next enrollment fails over to member 1");
    assertTrue(selector.select(lab.fgt, "root", CA, 0).reason().contains("member 1 port2"));
  }

  @Test
  void sdwanFailsOverWhenHealthChecksDeclareTheMemberDead() throws Exception {
    sdwan(SdwanService.manual(1, "To_CA", List.of(CA_NET), List.of(2, 1)));
    lab.change(
        "port3",
        n -> n.withImpairment(n.impairment().withLossPercent(100))); // up, but probes are lost
    lab.rounds(health, 1);
    assertEquals(
        "port3",
        selector.select(lab.fgt, "root", CA, 0).interfaceName(),
        "failtime 2 not reached yet");
    lab.rounds(health, 1);
    assertEquals(PORT2, enrollSource(0), "dead after failtime: the next enrollment takes member 1");
    lab.change("port3", n -> n.withImpairment(LinkImpairment.NONE));
    lab.rounds(health, 2);
    assertEquals(PORT3, enrollSource(0), "alive again after recoverytime: back to member 2");
  }

  @Test
  void sdwanSlaRuleAvoidsTheSlowMember() throws Exception {
    sdwan(
        SdwanService.sla(
            1, "To_CA", List.of(CA_NET), List.of(1, 2), List.of(new ServiceSla("ca_check", 1))));
    lab.rounds(health, 1);
    assertEquals(PORT2, enrollSource(0), "both meet the SLA: configured order");

    lab.change("port2", n -> n.withImpairment(n.impairment().withLatencyMillis(40)));
    lab.rounds(health, 5); // the window fills with 40 ms samples, mean above the 25 ms target
    assertEquals(0x0, health.status().health("ca_check", 1).slaMap());
    assertEquals(PORT3, enrollSource(0), "member 2 meets the SLA");
  }

  @Test
  void sdwanImplicitRuleUsesOnlyAliveMembers() throws Exception {
    sdwan();
    lab.change("port2", n -> n.withImpairment(n.impairment().withLossPercent(100)));
    lab.rounds(health, 2);
    for (int source : new int[] {0, PORT1, PORT2, PORT3, LOOPBACK}) {
      Egress e = selector.select(lab.fgt, "root", CA, source);
      assertEquals("port3", e.interfaceName(), e.reason());
    }
    assertEquals(PORT3, enrollSource(0));
  }

  @Test
  void errorsAreClearAndNoTrafficLeaves() throws Exception {
    lab.seen.clear();
    EgressException unroutable =
        assertThrows(EgressException.class, () -> selector.select(lab.fgt, "root", CA, 0));
    assertEquals("no route to 10.5.149.111 in VDOM root", unroutable.getMessage());
    selector.setCertificateSetting("root", VpnCertificateSetting.specify("port7"));
    assertEquals(
        "interface port7 does not exist",
        assertThrows(EgressException.class, () -> selector.select(lab.fgt, "root", CA, 0))
            .getMessage());
    selector.setCertificateSetting("root", VpnCertificateSetting.specify("port5"));
    assertEquals(
        "interface port5 belongs to VDOM vd2, not root",
        assertThrows(EgressException.class, () -> selector.select(lab.fgt, "root", CA, 0))
            .getMessage());
    lab.settle(null);
    assertEquals(List.of(), lab.drainSeen(), "nothing reached the CA");
  }
}
