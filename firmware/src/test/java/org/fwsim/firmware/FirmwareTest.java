package org.fwsim.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Booting from configuration, the conversion to the HAL, autosave and a shared registry. */
class FirmwareTest {

  private static final String MULTI_VDOM = Fixtures.text("/fixtures/FirmwareTest/multi-vdom.conf");

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).build();

  @AfterEach
  void close() {
    hv.close();
  }

  private <T> T onMailbox(Appliance a, Callable<T> task) {
    CompletableFuture<T> f = a.call(task);
    hv.runUntilIdle();
    return f.join();
  }

  private Firmware boot(String serial, ConfigTree tree, CommandRegistry commands) {
    Appliance a = hv.newAppliance(serial, tree.hostname());
    CompletableFuture<Firmware> f = Firmware.boot(hv, a, tree, commands);
    hv.runUntilIdle();
    return f.join();
  }

  @Test
  void bootsAMultiVdomConfigFileIntoTheHal() throws Exception {
    ConfigTree tree = new ConfigTree();
    ConfigFiles.load(tree, new StringReader(MULTI_VDOM));
    Firmware fw = boot("FGVM01TM26000009", tree, FirmwareCommands.newRegistry());
    Appliance a = fw.appliance();

    assertEquals("FGT-LAB", a.hostname());
    assertEquals(
        java.util.List.of("root", "cust"), java.util.List.copyOf(a.vdoms().all().keySet()));
    NetworkInterface lo = a.findInterface("lo0").orElseThrow();
    assertEquals(NetworkInterface.Type.LOOPBACK, lo.type());
    assertEquals("cust", lo.vdom());
    var cust = a.vdoms().find("cust").orElseThrow().routes();
    var dflt = cust.lookup(Ip4.parse("8.8.8.8")).orElseThrow();
    assertEquals("port2", dflt.device());
    assertEquals(7, dflt.priority());
    // The blackhole route has no HAL form yet: it is left out rather than misrouted.
    assertEquals("port2", cust.lookup(Ip4.parse("10.66.1.1")).orElseThrow().device());
    assertTrue(a.vdoms().root().routes().lookup(Ip4.parse("8.8.8.8")).isEmpty());
  }

  @Test
  void bootingManyInterfacesPublishesEachRoutingTableOnce() throws Exception {
    // Publishing a VDOM's routing table rebuilds its index over every route; once per interface,
    // a 20,000-interface file took minutes to boot (issue 15, item 14).
    Firmware fw = bootWithInterfaces(500);
    Appliance a = fw.appliance();
    assertEquals(500, a.interfaces().size());
    assertTrue(publishesSinceBoot <= 2, "publishes: " + publishesSinceBoot);
  }

  @Test
  void purgingManyInterfacesInOneCommitPublishesEachRoutingTableOnce() throws Exception {
    // As adding them: removing them one by one republished the table once per interface.
    Firmware fw = bootWithInterfaces(500);
    Appliance a = fw.appliance();
    long before = a.vdoms().root().routes().version();
    String out = onMailbox(a, () -> fw.newSession().run("config system interface\npurge\ny\nend"));
    assertEquals(0, a.interfaces().size(), out);
    long publishes = a.vdoms().root().routes().version() - before;
    assertTrue(publishes <= 2, "publishes: " + publishes);
  }

  private long publishesSinceBoot;

  /** Boots from a file of {@code n} interfaces {@code v1..vn} in root, each with a /32. */
  private Firmware bootWithInterfaces(int n) throws Exception {
    StringBuilder conf = new StringBuilder("config system interface\n");
    for (int i = 1; i <= n; i++) {
      conf.append("edit \"v")
          .append(i)
          .append("\"\nset vdom \"root\"\nset ip 10.1.")
          .append(i % 250)
          .append('.')
          .append(i / 250 + 1)
          .append(" 255.255.255.255\nnext\n");
    }
    ConfigTree tree = new ConfigTree();
    ConfigFiles.load(tree, new StringReader(conf.append("end\n").toString()));
    Appliance a = hv.newAppliance("FGVM01TM26000010", tree.hostname());
    long before = a.vdoms().root().routes().version();
    CompletableFuture<Firmware> f = Firmware.boot(hv, a, tree, FirmwareCommands.newRegistry());
    hv.runUntilIdle();
    Firmware fw = f.join();
    publishesSinceBoot = a.vdoms().root().routes().version() - before;
    return fw;
  }

  @Test
  void recommitKeepsInjectedLinkFaultsAndAutosaves(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fgvm.conf");
    Firmware fw =
        boot("FGVM01TM26000001", Firmware.labDefault("FGVM01"), FirmwareCommands.newRegistry());
    Appliance a = fw.appliance();
    LinkImpairment slow = new LinkImpairment(false, 0, 25);
    onMailbox(
        a,
        () -> {
          a.putInterface(a.findInterface("port3").orElseThrow().withImpairment(slow));
          fw.autosave(file);
          return null;
        });
    String out =
        onMailbox(
            a,
            () ->
                fw.newSession()
                    .run("config system interface\nedit port3\nset ip 10.3.3.3/24\nnext\nend"));
    assertEquals("", out);
    NetworkInterface port3 = a.findInterface("port3").orElseThrow();
    assertEquals(Ip4.parse("10.3.3.3"), port3.address());
    assertEquals(slow, port3.impairment());

    String saved = Files.readString(file);
    assertTrue(saved.contains("set ip 10.3.3.3 255.255.255.0"), saved);
    ConfigTree reloaded = new ConfigTree();
    ConfigFiles.load(reloaded, new StringReader(saved));
    assertEquals(
        "10.3.3.3/24", reloaded.view().interfaceNamed("port3").orElseThrow().ip().toString());
  }

  @Test
  void oneRegistryServesManyAppliancesEachSeeingItsOwn() {
    CommandRegistry shared = FirmwareCommands.newRegistry();
    Firmware one = boot("FGVM01TM26000001", Firmware.labDefault("FW-ONE"), shared);
    Firmware two = boot("FGVM01TM26000002", Firmware.labDefault("FW-TWO"), shared);
    String s1 = onMailbox(one.appliance(), () -> one.newSession().execute("get system status"));
    String s2 = onMailbox(two.appliance(), () -> two.newSession().execute("get system status"));
    assertTrue(s1.contains("Serial-Number: FGVM01TM26000001\nHostname: FW-ONE\n"), s1);
    assertTrue(s2.contains("Serial-Number: FGVM01TM26000002\nHostname: FW-TWO\n"), s2);
    CliSession session = onMailbox(two.appliance(), two::newSession);
    onMailbox(two.appliance(), () -> session.execute("execute date 2030-01-01"));
    assertTrue(two.appliance().clock().offset().toDays() > 1000);
    assertTrue(one.appliance().clock().offset().isZero(), "the other appliance keeps its clock");
  }

  @Test
  void replacingTheConfigurationRemovesWhatIsGone() throws Exception {
    ConfigTree tree = new ConfigTree();
    ConfigFiles.load(tree, new StringReader(MULTI_VDOM));
    Firmware fw = boot("FGVM01TM26000009", tree, FirmwareCommands.newRegistry());
    onMailbox(
        fw.appliance(),
        () -> {
          fw.replaceConfig(Firmware.labDefault("FGVM01"));
          return null;
        });
    Appliance a = fw.appliance();
    assertEquals("FGVM01", a.hostname());
    assertTrue(a.vdoms().find("cust").isEmpty());
    assertTrue(a.findInterface("lo0").isEmpty());
    assertEquals(
        java.util.List.of("port1", "port2", "port3", "port4"),
        java.util.List.copyOf(a.interfaces().keySet()));
    assertEquals("root", a.findInterface("port2").orElseThrow().vdom());
  }
}
