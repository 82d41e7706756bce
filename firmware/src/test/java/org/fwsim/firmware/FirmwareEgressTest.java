package org.fwsim.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.config.LoadBalanceMode;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.firmware.egress.EgressDaemon;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The egress wiring at firmware level: CLI configuration to the egress records, SD-WAN member
 * routes in the HAL, the SCEP path's selection through {@link Firmware#egress()}, and the {@code
 * diagnose sys sdwan} / {@code sim link} commands. Health checks here probe once an hour, so no
 * probe runs and every member keeps its initial state (alive).
 */
class FirmwareEgressTest {

  private static final int CA = Ip4.parse("10.5.149.111");
  private static final int GW1 = Ip4.parse("192.168.1.1");
  private static final int GW2 = Ip4.parse("192.168.2.1");

  private static final String SDWAN = Fixtures.text("/fixtures/FirmwareEgressTest/sdwan.conf");

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).build();
  private final List<String> console = new CopyOnWriteArrayList<>();
  private Firmware fw;
  private EgressDaemon daemon;

  @AfterEach
  void close() {
    hv.close();
  }

  private <T> T onMailbox(Appliance a, Callable<T> task) throws Exception {
    CompletableFuture<T> f = a.call(task);
    hv.runUntilIdle();
    return f.get();
  }

  private void boot() throws Exception {
    Appliance a = hv.newAppliance("FGVM01TM26000001", "FGVM01");
    CompletableFuture<Firmware> f =
        Firmware.boot(hv, a, Firmware.labDefault("FGVM01"), FirmwareCommands.newRegistry());
    hv.runUntilIdle();
    fw = f.get();
    fw.setConsoleSink(console::add);
    daemon = fw.egress();
  }

  private String cli(String script) throws Exception {
    return onMailbox(fw.appliance(), () -> fw.newSession().run(script));
  }

  @Test
  void sdwanConfigurationMapsToTheEgressRecords() throws Exception {
    boot();
    assertNull(daemon.sdwanStatus("root"), "SD-WAN is disabled by default");
    assertEquals("", cli(SDWAN).strip());

    SdwanConfig expected =
        new SdwanConfig(
            true,
            LoadBalanceMode.SOURCE_IP_BASED,
            List.of(),
            List.of(Member.of(1, "port1", GW1), Member.of(2, "port2", GW2).withCost(5)),
            List.of(
                new SdwanHealthCheck(
                    "ca",
                    List.of(Ip4.toString(CA)),
                    SdwanHealthCheck.Protocol.TCP_CONNECT,
                    0,
                    "/",
                    3_600_000,
                    500,
                    5,
                    5,
                    30,
                    List.of(1, 2),
                    true,
                    List.of(SdwanHealthCheck.Sla.of(1, 100, 5, 0)))),
            List.of(
                SdwanService.manual(
                    1, "to_ca", List.of(Ip4Prefix.parse("10.5.149.111/32")), List.of(2, 1))));
    assertEquals(expected, daemon.sdwanStatus("root").config());
    assertEquals(VpnCertificateSetting.sdwan(), daemon.rules().certificateSetting("root"));
    assertTrue(console.isEmpty(), console.toString());
  }

  @Test
  void httpGetOfAHealthCheckReachesTheProbes() throws Exception {
    boot();
    cli(SDWAN);
    cli(
        "config system sdwan\nconfig health-check\nedit ca\nset protocol http\n"
            + "set http-get /status\nnext\nend\nend");
    SdwanHealthCheck check = daemon.sdwanStatus("root").config().healthCheck("ca");
    assertEquals(SdwanHealthCheck.Protocol.HTTP, check.protocol());
    assertEquals("/status", check.httpGet());
  }

  @Test
  void aFreshVdomHasTheDefaultCertificateSetting() {
    assertEquals(
        VpnCertificateSetting.DEFAULTS,
        org.fwsim.firmware.cli.ConfigFiles.factoryDefault("FGVM01")
            .view()
            .vdom("root")
            .orElseThrow()
            .certificateSetting());
  }

  @Test
  void membersWithAGatewayInstallDefaultRoutesAndAZoneRouteReplacesThem() throws Exception {
    boot();
    cli(SDWAN);
    List<Route> toCa = fw.appliance().vdoms().root().routes().candidates(CA);
    assertEquals(
        Set.of("port1", "port2"), toCa.stream().map(Route::device).collect(Collectors.toSet()));
    assertTrue(toCa.stream().allMatch(r -> r.distance() == 1), toCa.toString());
    // A static route naming the zone is FortiOS 7's way: it expands per member, with its distance.
    cli("config router static\nedit 5\nset sdwan-zone virtual-wan-link\nset distance 3\nnext\nend");
    toCa = fw.appliance().vdoms().root().routes().candidates(CA);
    assertEquals(
        Set.of("port1", "port2"), toCa.stream().map(Route::device).collect(Collectors.toSet()));
    assertTrue(toCa.stream().allMatch(r -> r.distance() == 3), toCa.toString());
    assertEquals(
        1,
        fw.config().view().vdom("root").orElseThrow().staticRoutes().stream()
            .filter(r -> r.seqNum() == 5)
            .count(),
        "the configuration itself is unchanged");
    cli("config system sdwan\nset status disable\nend");
    toCa = fw.appliance().vdoms().root().routes().candidates(CA);
    assertEquals(
        List.of("port1"),
        toCa.stream().map(Route::device).toList(),
        "back to the lab default route");
    assertEquals(10, toCa.get(0).distance());
  }

  @Test
  void aRuleNamingAZoneUsesItsMembersAndDiagnoseListsTheZones() throws Exception {
    boot();
    cli(SDWAN);
    assertEquals("Zone virtual-wan-link index=1: port1 port2\n", cli("diagnose sys sdwan zone"));
    cli(
        "config system sdwan\nconfig zone\nedit wan2\nnext\nend\n"
            + "config members\nedit 2\nset zone wan2\nnext\nend\n"
            + "config service\nedit 1\nunset priority-members\nset priority-zone wan2\nnext\nend\n"
            + "end");
    assertEquals(
        "Zone virtual-wan-link index=1: port1\nZone wan2 index=2: port2\n",
        cli("diagnose sys sdwan zone"));
    Appliance a = fw.appliance();
    assertEquals(
        "port2",
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY)).interfaceName(),
        "the rule's zone holds member 2 alone");
    cli("sim link port2 down");
    assertEquals(
        "port1",
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY)).interfaceName(),
        "no member of the zone is up: the implicit rule");
  }

  @Test
  void scepPathFollowsServiceRulesSpecifyAndSourceIp() throws Exception {
    boot();
    cli(SDWAN);
    Appliance a = fw.appliance();
    org.fwsim.firmware.egress.Egress e =
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY));
    assertEquals("port2", e.interfaceName(), "service 1 prefers member 2");
    assertEquals(Ip4.parse("192.168.2.99"), e.sourceAddress());
    assertEquals(
        a.ifindex("port2"),
        e.traceIfindex(),
        "sdwan binds to the device, so forticron prints its index");

    assertTrue(cli("sim link port2 down").contains("link port2: down"));
    assertEquals(
        "port1",
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY)).interfaceName(),
        "fails over");
    String service = cli("diagnose sys sdwan service 1");
    assertTrue(
        service.contains(
            "Seq_num(1 port1), alive, sla(0x0), gid(0), cfg_order(1), cost(0), selected"),
        service);
    assertTrue(service.contains("Seq_num(2 port2), dead"), service);
    cli("sim link port2 up");

    cli("config vpn certificate setting\nset interface-select-method auto\nend");
    org.fwsim.firmware.egress.Egress auto =
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY));
    assertEquals(0, auto.traceIfindex(), "auto: route lookup, no device binding");

    cli(
        "config vpn certificate setting\nset interface-select-method specify\nset interface port3\nend");
    assertEquals(
        "port3", onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY)).interfaceName());
    // A name missing from config system interface is refused at the CLI, as FortiOS does; the
    // selection's own check (EgressRulesTest) is the backstop.
    assertEquals(
        "entry not found in datasource\n\nvalue parse error before 'nope'\n"
            + "Command fail. Return code -3\n",
        cli("config vpn certificate setting\nset interface nope\nend"));

    cli("config vpn certificate setting\nset interface port1\nend");
    org.fwsim.firmware.egress.EgressException badSource =
        assertThrows(
            org.fwsim.firmware.egress.EgressException.class,
            () -> daemonSelect(CA, Ip4.parse("10.9.9.9")));
    assertEquals(
        "source-ip 10.9.9.9 is not an address of any interface in VDOM root",
        badSource.getMessage());
    assertEquals(
        Ip4.parse("192.168.3.99"),
        daemonSelect(CA, Ip4.parse("192.168.3.99")).sourceAddress(),
        "source-ip overrides the interface's address");
  }

  private org.fwsim.firmware.egress.Egress daemonSelect(int dst, int source) throws Exception {
    try {
      return onMailbox(fw.appliance(), () -> fw.egress().select("root", dst, source));
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void diagnoseCommandsPrintTheReferenceShapes() throws Exception {
    boot();
    assertEquals("", cli("diagnose sys sdwan member").strip(), "no SD-WAN, no members");
    cli(SDWAN);
    assertEquals(
        """
        Member(1): interface: port1, flags=0x0 , gateway: 192.168.1.1, priority: 1 1024, weight: 1
        Member(2): interface: port2, flags=0x0 , gateway: 192.168.2.1, priority: 1 1024, weight: 1
        """,
        cli("diagnose sys sdwan member"));
    String hc = cli("diagnose sys sdwan health-check ca");
    assertTrue(
        hc.startsWith("Health Check(ca):\nSeq(1 port1): state(alive), packet-loss(0.000%) "), hc);
    assertTrue(
        cli("diagnose sys sdwan health-check other").contains("health-check other does not exist"));
    assertTrue(cli("diagnose sys sdwan service 7").contains("does not exist"));
    assertTrue(cli("diagnose sys sdwan service x").contains("command parse error before 'x'"));
    assertTrue(cli("sim link port9 down").contains("interface port9 does not exist"));
    assertTrue(cli("sim link port1 latency fast").contains("latency 'fast' is not a whole number"));
  }

  @Test
  void unsupportedSdwanConfigurationIsNamedAndThePreviousOneKeepsRunning() throws Exception {
    boot();
    cli(SDWAN);
    cli("config system sdwan\nconfig health-check\nedit ca\nset protocol twamp\nnext\nend\nend");
    assertTrue(
        console.stream()
            .anyMatch(
                l ->
                    l.equals(
                        "fwsim: configuration not fully applied: VDOM root: "
                            + "health-check ca: protocol twamp is not simulated (use ping, tcp-echo, udp-echo, dns, tcp-connect or http)")),
        console.toString());
    assertEquals(
        SdwanHealthCheck.Protocol.TCP_CONNECT,
        daemon.sdwanStatus("root").config().healthChecks().get(0).protocol());
    cli(
        "config system sdwan\nconfig health-check\nedit ca\nset protocol http\nnext\nend\n"
            + "config service\nedit 1\nset dst corp-net\nnext\nend\nend");
    assertTrue(
        console.stream()
            .anyMatch(
                l -> l.contains("SD-WAN service 1: dst corp-net is not all, an IPv4 address")),
        console.toString());
  }

  @Test
  void theBootStartsTheEgressDaemonAndNamesWhatItCannotCarry() throws Exception {
    Appliance a = hv.newAppliance("FGVM01TM26000002", "FGVM02");
    ConfigTree tree = Firmware.labDefault("FGVM02");
    assertEquals("", new CliSession(tree).run(SDWAN.replace("tcp-connect", "twamp")).strip());
    CompletableFuture<Firmware> f = Firmware.boot(hv, a, tree, FirmwareCommands.newRegistry());
    hv.runUntilIdle();
    fw = f.get();
    assertEquals(
        "VDOM root: health-check ca: protocol twamp is not simulated (use ping, tcp-echo, udp-echo, dns, tcp-connect or http)",
        fw.unapplied());
    assertEquals(
        InterfaceSelectMethod.SDWAN,
        fw.egress().rules().certificateSetting("root").interfaceSelectMethod(),
        "the certificate setting applies from the boot on");
    assertNull(fw.egress().sdwanStatus("root"), "the refused SD-WAN does not run");

    cli("config system sdwan\nconfig health-check\nedit ca\nset protocol ping\nnext\nend\nend");
    assertNull(onMailbox(a, fw::unapplied), "a commit the daemon carries clears it");
    assertNotNull(fw.egress().sdwanStatus("root"));
    assertEquals(
        "port2",
        onMailbox(a, () -> fw.egress().select("root", CA, Ip4.ANY)).interfaceName(),
        "service 1 prefers member 2");
    assertTrue(cli("diagnose sys sdwan member").contains("Member(2): interface: port2"));
  }

  @Test
  void specifyRefusesAnInterfaceOfAnotherVdom() throws Exception {
    // The CLI refuses it as a datasource reference: root's datasource holds root's interfaces.
    org.fwsim.firmware.cli.ConfigTree tree = new org.fwsim.firmware.cli.ConfigTree();
    org.fwsim.firmware.cli.ConfigFiles.ConfigLoadException refused =
        assertThrows(
            org.fwsim.firmware.cli.ConfigFiles.ConfigLoadException.class,
            () ->
                org.fwsim.firmware.cli.ConfigFiles.load(
                    tree,
                    new java.io.StringReader(
                        Fixtures.text("/fixtures/FirmwareEgressTest/multi-vdom-specify.conf"))));
    assertTrue(
        refused.getMessage().contains("set interface \"port2\": entry not found in datasource"),
        refused.getMessage());
  }
}
