package org.fwsim.firmware.egress;

import static org.fwsim.firmware.egress.EgressLab.CA;
import static org.fwsim.firmware.egress.EgressLab.GW2;
import static org.fwsim.firmware.egress.EgressLab.GW3;
import static org.fwsim.firmware.egress.EgressLab.LOOPBACK;
import static org.fwsim.firmware.egress.EgressLab.PORT1;
import static org.fwsim.firmware.egress.EgressLab.PORT2;
import static org.fwsim.firmware.egress.EgressLab.PORT3;
import static org.fwsim.firmware.egress.EgressLab.VD2_PORT5;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fwsim.firmware.config.LoadBalanceMode;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanConfig.ServiceSla;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Selection rules without traffic: routes, named interfaces, SD-WAN rules over a given status. */
class EgressRulesTest {

  private static final VpnCertificateSetting AUTO = VpnCertificateSetting.DEFAULTS;
  private static final Ip4Prefix CA_NET = Ip4Prefix.parse("10.5.149.0/24");

  @AutoClose private final EgressLab lab = new EgressLab();

  /** Why {@code interface-select-method specify} with {@code interface} to the CA is refused. */
  private EgressException specifyRefused(String iface) {
    return assertThrows(
        EgressException.class, () -> select(VpnCertificateSetting.specify(iface), CA, 0, null));
  }

  private Egress select(VpnCertificateSetting setting, int dst, int source, SdwanStatus sdwan)
      throws EgressException {
    return EgressRules.select(lab.fgt, "root", dst, source, setting, sdwan);
  }

  /**
   * forticron's {@code fcron_cert_bind_interface()-790} line for this egress (KB-420924): the
   * traced index and the configured source, as the SCEP transport prints them.
   */
  private static String bindMessage(Egress e) {
    return "bind to interface "
        + e.traceIfindex()
        + " for "
        + Ip4.toString(e.configuredSourceIp())
        + "->"
        + Ip4.toString(e.destination())
        + ".";
  }

  @Test
  void autoFollowsTheRoutingTableAndPrintsInterfaceZero() throws EgressException {
    lab.route("10.5.149.0/24", Ip4.parse("10.0.1.254"), "port1");
    Egress e = select(AUTO, CA, 0, null);
    assertEquals("port1", e.interfaceName());
    assertEquals(PORT1, e.sourceAddress());
    assertEquals(Ip4.parse("10.0.1.254"), e.gateway());
    assertEquals(lab.fgt.ifindex("port1"), e.ifindex());
    assertEquals(
        "bind to interface 0 for 0.0.0.0->10.5.149.111.", bindMessage(e), "KB-420924 shape");

    lab.route("10.5.149.111/32", GW3, "port3"); // a longer prefix wins
    assertEquals("port3", select(AUTO, CA, 0, null).interfaceName());
  }

  @Test
  void autoSpreadsEqualCostRoutesBySourceDeterministically() throws EgressException {
    lab.route("0.0.0.0/0", GW2, "port2");
    lab.route("0.0.0.0/0", GW3, "port3");
    Set<String> used = new HashSet<>();
    for (int i = 1; i <= 40; i++) {
      int src = i % 2 == 0 ? PORT2 : LOOPBACK;
      int dst = Ip4.parse("198.51.100." + i);
      Egress e = select(AUTO, dst, src, null);
      assertEquals(e, select(AUTO, dst, src, null), "one flow keeps one path");
      used.add(e.interfaceName());
    }
    assertEquals(Set.of("port2", "port3"), used);
  }

  @Test
  void specifyUsesTheNamedInterfaceAndPrintsItsIndex() throws EgressException {
    lab.route("0.0.0.0/0", GW3, "port3");
    Egress e = select(VpnCertificateSetting.specify("port2"), CA, 0, null);
    assertEquals("port2", e.interfaceName());
    assertEquals(PORT2, e.sourceAddress());
    assertEquals(
        "bind to interface " + lab.fgt.ifindex("port2") + " for 0.0.0.0->10.5.149.111.",
        bindMessage(e));
  }

  @Test
  void specifyRejectsMissingForeignAndDownInterfaces() {
    EgressException missing = specifyRefused("port9");
    assertEquals("interface port9 does not exist", missing.getMessage());
    EgressException foreign = specifyRefused("port5");
    assertEquals("interface port5 belongs to VDOM vd2, not root", foreign.getMessage());
    assertEquals(EgressException.Reason.WRONG_VDOM, foreign.reason());
    lab.change("port2", n -> n.withImpairment(LinkImpairment.linkDown()));
    EgressException down = specifyRefused("port2");
    assertEquals("interface port2 is down (link down)", down.getMessage());
    EgressException unset = specifyRefused("");
    assertTrue(unset.getMessage().contains("no interface is set"), unset.getMessage());
  }

  @Test
  void sourceIpOverridesAndMustBelongToTheVdom() throws EgressException {
    lab.route("0.0.0.0/0", GW2, "port2");
    Egress e = select(AUTO, CA, LOOPBACK, null);
    assertEquals("port2", e.interfaceName());
    assertEquals(LOOPBACK, e.sourceAddress());
    assertEquals("bind to interface 0 for 10.255.255.1->10.5.149.111.", bindMessage(e));
    EgressException bad =
        assertThrows(EgressException.class, () -> select(AUTO, CA, VD2_PORT5, null));
    assertEquals(
        "source-ip 192.168.5.1 is not an address of any interface in VDOM root", bad.getMessage());
  }

  @Test
  void unroutableDestinationIsAClearError() {
    EgressException e = assertThrows(EgressException.class, () -> select(AUTO, CA, 0, null));
    assertEquals("no route to 10.5.149.111 in VDOM root", e.getMessage());
    assertEquals(EgressException.Reason.NO_ROUTE, e.reason());
  }

  private static SdwanConfig twoMembers(
      List<SdwanService> services, List<SdwanHealthCheck> checks) {
    return SdwanConfig.of(
        List.of(Member.of(1, "port2", GW2), Member.of(2, "port3", GW3)), checks, services);
  }

  @Test
  void manualRuleTakesTheFirstAliveMemberInPriorityOrder() throws EgressException {
    SdwanConfig cfg =
        twoMembers(
            List.of(SdwanService.manual(1, "To_CA", List.of(CA_NET), List.of(2, 1))), List.of());
    Egress e = select(VpnCertificateSetting.sdwan(), CA, 0, SdwanStatus.unprobed(cfg));
    assertEquals("port3", e.interfaceName());
    assertEquals(GW3, e.gateway());
    assertEquals("sdwan: service 1(To_CA) mode manual, member 2 port3", e.reason());
    assertEquals(
        "bind to interface " + lab.fgt.ifindex("port3") + " for 0.0.0.0->10.5.149.111.",
        bindMessage(e));

    lab.change("port3", n -> withStatus(n, NetworkInterface.Status.DOWN));
    assertEquals(
        "port2",
        select(VpnCertificateSetting.sdwan(), CA, 0, SdwanStatus.unprobed(cfg)).interfaceName());
  }

  @Test
  void slaRulePrefersMembersMeetingTheSlaThenLowerCost() throws EgressException {
    SdwanHealthCheck hc =
        SdwanHealthCheck.of(
            "ca_check",
            CA,
            SdwanHealthCheck.Protocol.TCP_CONNECT,
            80,
            List.of(),
            List.of(SdwanHealthCheck.Sla.of(1, 20, 5, 0)));
    SdwanService sla =
        SdwanService.sla(
            1, "", List.of(CA_NET), List.of(1, 2), List.of(new ServiceSla("ca_check", 1)));
    SdwanConfig cfg = twoMembers(List.of(sla), List.of(hc));
    MemberHealth slow1 = new MemberHealth("ca_check", 1, "port2", true, 0, 80, 1, 0x0, 10);
    MemberHealth fast2 = new MemberHealth("ca_check", 2, "port3", true, 0, 10, 1, 0x1, 10);
    SdwanStatus st = new SdwanStatus(cfg, Map.of("ca_check", List.of(slow1, fast2)), 2);
    assertEquals("port3", select(VpnCertificateSetting.sdwan(), CA, 0, st).interfaceName());

    MemberHealth slow2 = new MemberHealth("ca_check", 2, "port3", true, 0, 80, 1, 0x0, 10);
    SdwanStatus none = new SdwanStatus(cfg, Map.of("ca_check", List.of(slow1, slow2)), 3);
    assertEquals(
        "port2",
        select(VpnCertificateSetting.sdwan(), CA, 0, none).interfaceName(),
        "no member meets the SLA: configured order");

    MemberHealth fast1 = new MemberHealth("ca_check", 1, "port2", true, 0, 10, 1, 0x1, 10);
    SdwanConfig costly =
        SdwanConfig.of(
            List.of(Member.of(1, "port2", GW2).withCost(10), Member.of(2, "port3", GW3)),
            List.of(hc),
            List.of(sla));
    SdwanStatus both = new SdwanStatus(costly, Map.of("ca_check", List.of(fast1, fast2)), 4);
    assertEquals(
        "port3",
        select(VpnCertificateSetting.sdwan(), CA, 0, both).interfaceName(),
        "lower cost first");
  }

  @Test
  void priorityRuleTakesTheBestLinkCostFactor() throws EgressException {
    SdwanHealthCheck hc =
        SdwanHealthCheck.of(
            "ca_check", CA, SdwanHealthCheck.Protocol.TCP_CONNECT, 80, List.of(), List.of());
    SdwanService prio =
        SdwanService.priority(
            3, "", List.of(), List.of(1, 2), "ca_check", SdwanService.LinkCostFactor.LATENCY);
    SdwanConfig cfg = twoMembers(List.of(prio), List.of(hc));
    MemberHealth port2 = new MemberHealth("ca_check", 1, "port2", true, 0, 35, 0, 0, 5);
    SdwanStatus st =
        new SdwanStatus(
            cfg,
            Map.of(
                "ca_check",
                List.of(port2, new MemberHealth("ca_check", 2, "port3", true, 0, 12, 0, 0, 5))),
            2);
    assertEquals("port3", select(VpnCertificateSetting.sdwan(), CA, 0, st).interfaceName());
    MemberHealth port3Dead = new MemberHealth("ca_check", 2, "port3", false, 100, 0, 0, 0, 5);
    SdwanStatus dead = new SdwanStatus(cfg, Map.of("ca_check", List.of(port2, port3Dead)), 3);
    assertEquals("port2", select(VpnCertificateSetting.sdwan(), CA, 0, dead).interfaceName());
  }

  @Test
  void implicitRuleBalancesOverAliveMemberRoutes() throws EgressException {
    lab.route("0.0.0.0/0", GW2, "port2");
    lab.route("0.0.0.0/0", GW3, "port3");
    SdwanConfig bySource = twoMembers(List.of(), List.of());
    for (int source : new int[] {0, PORT1, PORT2, PORT3, LOOPBACK}) {
      Set<String> perSource = new HashSet<>();
      for (int i = 1; i <= 8; i++) {
        Egress e =
            select(
                VpnCertificateSetting.sdwan(),
                Ip4.parse("198.51.100." + i),
                source,
                SdwanStatus.unprobed(bySource));
        assertTrue(e.reason().startsWith("sdwan: implicit rule source-ip-based"), e.reason());
        perSource.add(e.interfaceName());
      }
      assertEquals(1, perSource.size(), "source-ip-based: one source, one member");
    }
    SdwanStatus byFlow =
        SdwanStatus.unprobed(bySource.withLoadBalanceMode(LoadBalanceMode.SOURCE_DEST_IP_BASED));
    Set<String> used = new HashSet<>();
    for (int i = 1; i <= 32; i++) {
      used.add(
          select(VpnCertificateSetting.sdwan(), Ip4.parse("198.51.100." + i), PORT2, byFlow)
              .interfaceName());
    }
    assertEquals(Set.of("port2", "port3"), used, "source-dest-ip-based spreads destinations");

    lab.change("port2", n -> n.withImpairment(LinkImpairment.linkDown()));
    for (int i = 1; i <= 8; i++) {
      assertEquals(
          "port3",
          select(VpnCertificateSetting.sdwan(), Ip4.parse("198.51.100." + i), PORT3, byFlow)
              .interfaceName());
    }
  }

  @Test
  void loadBalanceModesSpreadDeterministically() {
    List<Member> members =
        List.of(
            Member.of(1, "port2", GW2),
            Member.of(2, "port3", GW3),
            new Member(3, "port1", null, 0, 0, 1, 0, 0, true));
    int[] counts = new int[4];
    for (int src = 1; src <= 300; src++) {
      Member m = SdwanRules.loadBalance(members, LoadBalanceMode.SOURCE_IP_BASED, src, CA);
      assertEquals(
          m, SdwanRules.loadBalance(members, LoadBalanceMode.SOURCE_IP_BASED, src, CA + 1));
      counts[m.seq()]++;
      Member w = SdwanRules.loadBalance(members, LoadBalanceMode.WEIGHT_BASED, src, CA);
      assertTrue(w.seq() != 3, "weight 0 takes no traffic");
    }
    for (int seq = 1; seq <= 3; seq++) {
      assertTrue(counts[seq] > 60, "member " + seq + " got " + counts[seq] + " of 300");
    }
    assertEquals(1, SdwanRules.loadBalance(members, LoadBalanceMode.USAGE_BASED, 5, CA).seq());
  }

  @Test
  void sdwanDisabledFollowsTheRoutingTable() throws EgressException {
    lab.route("0.0.0.0/0", GW2, "port2");
    Egress e =
        select(VpnCertificateSetting.sdwan(), CA, 0, SdwanStatus.unprobed(SdwanConfig.DISABLED));
    assertEquals("port2", e.interfaceName());
    assertEquals("sdwan: SD-WAN disabled, routing table", e.reason());
  }

  @Test
  void selectorKeepsSettingsPerVdom() throws EgressException {
    lab.route("0.0.0.0/0", GW2, "port2");
    EgressRules selector = new EgressRules();
    assertEquals("port2", selector.select(lab.fgt, "root", CA, 0).interfaceName());
    selector.setCertificateSetting("root", VpnCertificateSetting.specify("port1"));
    assertEquals("port1", selector.select(lab.fgt, "root", CA, 0).interfaceName());
    assertEquals(VpnCertificateSetting.DEFAULTS, selector.certificateSetting("vd2"));
    EgressException noVdom =
        assertThrows(EgressException.class, () -> selector.select(lab.fgt, "nope", CA, 0));
    assertEquals("VDOM nope does not exist", noVdom.getMessage());
  }

  @Test
  void configNamesDanglingReferences() {
    assertEquals(
        "SD-WAN service 1: member 7 does not exist",
        twoMembers(List.of(SdwanService.manual(1, "", List.of(), List.of(7))), List.of())
            .problem());
    assertEquals(
        "SD-WAN service 1: health-check x does not exist",
        twoMembers(
                List.of(
                    SdwanService.sla(1, "", List.of(), List.of(), List.of(new ServiceSla("x", 1)))),
                List.of())
            .problem());
    assertNull(twoMembers(List.of(), List.of()).problem());
  }
}
