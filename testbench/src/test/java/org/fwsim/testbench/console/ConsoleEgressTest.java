package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.scep.client.ScepClient;
import org.fwsim.firmware.scep.client.ScepContext;
import org.fwsim.firmware.scep.client.ScepEnrollment;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.firmware.scep.client.TestScepContexts;
import org.fwsim.firmware.scep.client.TestScepEnrollment;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestHypervisors;
import org.fwsim.hal.vdom.Vdom;
import org.fwsim.testbench.ca.AccessLog;
import org.fwsim.testbench.ca.CaFaults;
import org.junit.jupiter.api.Test;

/**
 * A new user in {@code fwsim console}: two WAN interfaces, SD-WAN with a health check to the
 * embedded CA and a rule for it, {@code interface-select-method sdwan}; each enrollment's requests
 * reach the CA from the loopback image of the chosen member's address (the CA's access log),
 * forticron prints the bound interface, and a member taken down with {@code sim link} hands the
 * next enrollment to the other one. {@code specify} follows the named interface, and a missing one
 * stops the enrollment with its name and no traffic.
 *
 * <p>The console has no enrollment command in this branch yet, so enrollments run through the
 * firmware's API: the SCEP client of the root VDOM with {@link Firmware#egress()}.
 */
class ConsoleEgressTest extends ConsoleScriptTest {

  private static final String WAN1 = "203.0.113.2";
  private static final String WAN2 = "198.51.100.2";

  /** port1 and port2 as the two WAN links, at WAN1 and WAN2. */
  private static final String TWO_WANS = Fixtures.text("/fixtures/ConsoleEgressTest/two-wans.conf");

  private static final String SETUP =
      TWO_WANS + Fixtures.text("/fixtures/ConsoleEgressTest/setup.conf");

  private final List<String> trace = new CopyOnWriteArrayList<>();

  @Test
  void enrollmentsLeaveThroughTheChosenMemberAndFailOver() throws Exception {
    try (Hypervisor hv = hypervisor();
        ConsoleSimulation sim = start(hv)) {
      Appliance fgt = sim.firmware().appliance();
      String port1 = hostImage(hv, sim, WAN1);
      String port2 = hostImage(hv, sim, WAN2);
      script(sim, SETUP);
      healthRounds(hv, 4);
      String health = script(sim, "diagnose sys sdwan health-check ca\n");
      assertTrue(
          health.contains("Seq(1 port1): state(alive), packet-loss(0.000%) latency(0.000)"),
          health);
      assertTrue(health.contains("sla_map=0x1"), health);

      ScepClient client = client(hv, sim.firmware());
      assertEquals(List.of(port1), issued(hv, sim, client, "CERT1"));
      assertTraceEndsWith(
          "fcron_cert_bind_interface()-790: bind to interface "
              + fgt.ifindex("port1")
              + " for 0.0.0.0->10.5.149.111.");

      // The ISP line of port1 fails: probes fail, the member goes dead, the rule moves to port2.
      script(sim, "sim link port1 down\n");
      healthRounds(hv, 4);
      health = script(sim, "diagnose sys sdwan health-check ca\ndiagnose sys sdwan service 1\n");
      assertTrue(health.contains("Seq(1 port1): state(dead), packet-loss("), health);
      assertTrue(health.contains("Seq(2 port2): state(alive)"), health);
      assertTrue(health.contains("Seq_num(2 port2), alive, sla(0x1)"), health);
      assertEquals(List.of(port2), issued(hv, sim, client, "CERT2"));
      assertTraceEndsWith(
          "bind to interface " + fgt.ifindex("port2") + " for 0.0.0.0->10.5.149.111.");

      // specify: the named interface, whatever SD-WAN prefers.
      script(
          sim,
          "sim link port1 up\nconfig vpn certificate setting\nset interface-select-method specify\n"
              + "set interface port1\nend\n");
      assertEquals(List.of(port1), issued(hv, sim, client, "CERT3"));

      // A missing interface is refused as FortiOS refuses a datasource reference; port1 stays.
      int from = bytes.size();
      sim.runScript(
          new BufferedReader(
              new StringReader("config vpn certificate setting\nset interface wan9\nend\n")),
          out,
          Duration.ofSeconds(5));
      String refused = bytes.toString(StandardCharsets.UTF_8).substring(from);
      assertTrue(
          refused.contains(
              "entry not found in datasource\n\nvalue parse error before 'wan9'\n"
                  + "Command fail. Return code -3\n"),
          refused);
      assertEquals(List.of(port1), issued(hv, sim, client, "CERT4"));
    }
  }

  private static final String TWO_WANS_AUTO =
      TWO_WANS
          + """
      config vpn certificate setting
      set interface-select-method auto
      end
      """;

  @Test
  void autoFollowsTheRoutingTableAndAnUnroutableCaGetsNoTraffic() throws Exception {
    try (Hypervisor hv = hypervisor();
        ConsoleSimulation sim = start(hv)) {
      String port1 = hostImage(hv, sim, WAN1);
      String port2 = hostImage(hv, sim, WAN2);
      script(sim, TWO_WANS_AUTO);
      ScepClient client = client(hv, sim.firmware());

      // No route to the CA at all: the route lookup names it, and nothing reaches the CA.
      int before = sim.ca().accessLog().entries().size();
      ScepOutcome unroutable = outcome(hv, client.submitEnroll(enrollment("NOROUTE")));
      assertEquals(ScepOutcome.Status.FAILED, unroutable.status());
      assertTrue(
          unroutable.reason().contains("no route to 10.5.149.111 in VDOM root"),
          unroutable.reason());
      assertEquals(before, sim.ca().accessLog().entries().size(), "no traffic without a route");

      script(
          sim,
          "config router static\nedit 1\nset dst 0.0.0.0/0\nset gateway 203.0.113.1\n"
              + "set device port1\nnext\nend\n");
      assertEquals(List.of(port1), issued(hv, sim, client, "AUTO1"));

      // A more specific route wins the longest-prefix match: the next enrollment leaves via port2.
      script(
          sim,
          "config router static\nedit 2\nset dst 10.5.149.111/32\nset gateway 198.51.100.1\n"
              + "set device port2\nnext\nend\n");
      assertEquals(List.of(port2), issued(hv, sim, client, "AUTO2"));

      // And back when it goes away.
      script(sim, "config router static\ndelete 2\nend\n");
      assertEquals(List.of(port1), issued(hv, sim, client, "AUTO3"));
    }
  }

  @Test
  void sdwanPicksByLatencySlaWhenAMemberIsImpaired() throws Exception {
    try (Hypervisor hv = hypervisor();
        ConsoleSimulation sim = start(hv)) {
      String port2 = hostImage(hv, sim, WAN2);
      script(sim, SETUP);
      // port1 stays alive but 300 ms slow, above the SLA's 200 ms latency-threshold.
      script(sim, "sim link port1 latency 300\n");
      healthRounds(hv, 4);
      String health =
          script(sim, "diagnose sys sdwan health-check ca\ndiagnose sys sdwan service 1\n");
      assertContainsAll(
          health,
          "Seq(1 port1): state(alive)",
          "Seq(2 port2): state(alive)",
          "Seq_num(2 port2), alive, sla(0x1)");

      ScepClient client = client(hv, sim.firmware());
      assertEquals(
          List.of(port2),
          issued(hv, sim, client, "SLA1"),
          "priority-members prefer port1, but only port2 meets the SLA");
    }
  }

  @Test
  void anEnrollmentInFlightOnALinkThatGoesDownFailsNamingTheInterface() throws Exception {
    try (Hypervisor hv = hypervisor();
        ConsoleSimulation sim = start(hv)) {
      Appliance fgt = sim.firmware().appliance();
      script(sim, SETUP);
      healthRounds(hv, 4);
      ScepClient client = client(hv, sim.firmware());
      // The CA holds its answers, so the first request is still open when the cable is pulled.
      sim.ca().setFaults(CaFaults.NONE.withDelayMillis(10_000));
      sim.firmware().setConsoleSink(trace::add);
      CompletableFuture<ScepOutcome> f = client.submitEnroll(enrollment("CUT1"));
      HypervisorDriver.of(hv)
          .doWorkUntil(
              () -> f.isDone() || hv.underlay().openConnections(fgt.id(), "port1") > 0,
              Duration.ofSeconds(10),
              () -> "the enrollment never had a connection open on port1");
      if (hv.underlay().openConnections(fgt.id(), "port1") == 0) {
        fail("the enrollment never had a connection open on port1: " + f.join().reason());
      }
      sim.firmware().setConsoleSink(null);
      // The failure may be traced while the console runs this line: then it prints there.
      trace.add(script(sim, "sim link port1 down\n"));
      sim.firmware().setConsoleSink(trace::add);
      ScepOutcome cut = outcome(hv, f);
      sim.firmware().setConsoleSink(null);
      assertEquals(ScepOutcome.Status.FAILED, cut.status());
      assertTrue(
          cut.reason().contains("connection closed: interface port1 went down (link down)"),
          cut.reason());
      assertEquals(0, hv.underlay().openConnections(fgt.id(), "port1"));
      assertTrue(
          trace.stream().anyMatch(l -> l.contains("interface port1 went down")),
          String.join("\n", trace));
      assertTrue(
          sim.firmware().eventLog().entries().stream()
              .anyMatch(e -> e.toString().contains("interface port1 went down")),
          sim.firmware().eventLog().entries().toString());

      // The owner's retry (forticron's RetrySchedule, here the test) goes out through port2 once
      // the health check has seen port1 dead.
      sim.ca().setFaults(CaFaults.NONE);
      healthRounds(hv, 4);
      String port2 = hostImage(hv, sim, WAN2);
      assertEquals(List.of(port2), issued(hv, sim, client, "CUT1"));
    }
  }

  /** Runs console lines; returns what they printed. */
  private String script(ConsoleSimulation sim, String lines) throws Exception {
    int from = bytes.size();
    assertEquals(
        0, sim.runScript(new BufferedReader(new StringReader(lines)), out, Duration.ofSeconds(5)));
    String printed = bytes.toString(StandardCharsets.UTF_8).substring(from);
    assertFalse(printed.contains("Command fail") || printed.contains("not fully applied"), printed);
    return printed;
  }

  /**
   * Moves the virtual clock through {@code n} health-check rounds, letting each round's probes
   * finish.
   */
  private static void healthRounds(Hypervisor hv, int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      hv.clock().advance(Duration.ofMillis(1000));
      settle(hv);
    }
  }

  private static void settle(Hypervisor hv) {
    HypervisorDriver.of(hv).settle(Duration.ofSeconds(10));
  }

  private static ScepClient client(Hypervisor hv, Firmware fw) {
    Appliance fgt = fw.appliance();
    Vdom root = fgt.vdoms().root();
    ScepContext c =
        TestScepContexts.forVdom(
            hv,
            fgt,
            root,
            fw.debug(),
            fw.eventLog(),
            new PkiRequests(fgt.clock(), new SecureRandom()),
            ScepPolicy.DEFAULTS);
    // The SCEP path asks the firmware's egress selection (the egress daemon the console attached).
    return new ScepClient(
        new ScepContext(
            c.mailbox(),
            c.clock(),
            c.scheduler(),
            c.debug(),
            c.eventLog(),
            c.vdom(),
            c.vfid(),
            c.vdomStore(),
            c.globalStore(),
            c.keys(),
            c.requests(),
            fw.egress(),
            c.transport(),
            c.policy()));
  }

  private static ScepEnrollment enrollment(String name) {
    return TestScepEnrollment.of(
            name, ConsoleSimulation.CA_URL, "fwsim-test", new X500Name("CN=" + name))
        .build();
  }

  /** Enrolls; returns the access-log entries it caused. */
  private List<AccessLog.Entry> enroll(
      Hypervisor hv,
      ConsoleSimulation sim,
      ScepClient client,
      String name,
      ScepOutcome.Status expected) {
    int before = sim.ca().accessLog().entries().size();
    // Debug lines reach the console only while it runs a script; here the test is the console.
    sim.firmware().setConsoleSink(trace::add);
    ScepOutcome o = outcome(hv, client.submitEnroll(enrollment(name)));
    sim.firmware().setConsoleSink(null);
    assertEquals(expected, o.status(), o::reason);
    List<AccessLog.Entry> all = sim.ca().accessLog().entries();
    return all.subList(before, all.size());
  }

  private static ScepOutcome outcome(Hypervisor hv, CompletableFuture<ScepOutcome> f) {
    HypervisorDriver.of(hv)
        .doWorkUntil(f::isDone, HypervisorDriver.DEFAULT_TIMEOUT, () -> "no SCEP outcome");
    return f.join();
  }

  /** Enrolls {@code name}, expecting it issued; returns the client addresses the CA saw. */
  private List<String> issued(
      Hypervisor hv, ConsoleSimulation sim, ScepClient client, String name) {
    return sourcesOf(enroll(hv, sim, client, name, ScepOutcome.Status.ISSUED));
  }

  /** Asserts that some traced debug line ends with {@code suffix}. */
  private void assertTraceEndsWith(String suffix) {
    assertTrue(trace.stream().anyMatch(l -> l.endsWith(suffix)), String.join("\n", trace));
  }

  /** The distinct client addresses (without port) of access-log entries. */
  private static List<String> sourcesOf(List<AccessLog.Entry> entries) {
    assertFalse(entries.isEmpty(), "the CA saw requests");
    return entries.stream()
        .map(e -> e.source().substring(0, e.source().lastIndexOf(':')))
        .distinct()
        .toList();
  }

  /** A thread-free hypervisor at {@link #START} with a small key pool. */
  private static Hypervisor hypervisor() {
    return TestHypervisors.builder(START).keyPoolCapacity(2).build();
  }

  /** The host address that stands for the appliance's simulated address {@code address}. */
  private static String hostImage(Hypervisor hv, ConsoleSimulation sim, String address) {
    Appliance fgt = sim.firmware().appliance();
    return Ip4.toString(hv.underlay().hostAddressOf(fgt.id(), Ip4.parse(address)));
  }
}
