package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.testbench.ca.AccessLog;
import org.fwsim.testbench.ca.CaFaults;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 as a new user met it, typed at the console: SD-WAN members port2 and port3 with
 * gateways, health checks to the embedded CA by {@code ping} and by {@code http}, a priority rule
 * for the CA and {@code interface-select-method sdwan}. Both members must stay alive while their
 * links are up, enrollments must reach the CA from port2 (the CA's access log shows the source),
 * and {@code sim link port2 down} must kill port2 alone, so the next enrollment leaves through
 * port3.
 */
class ConsoleSdwanProbeTest extends ConsoleScriptTest {

  /** SD-WAN over port2 and port3, ping and HTTP health checks to the CA, a rule to the CA. */
  private static final String SDWAN =
      Fixtures.text("/fixtures/ConsoleSdwanProbeTest/sdwan-health-checks.conf");

  @Test
  void membersStayAliveAndPort2DownMovesTheNextEnrollmentToPort3() throws Exception {
    Hypervisor hv = hv();
    ConsoleSimulation sim = sim();
    int id = sim.firmware().appliance().id();
    String port2 = Ip4.toString(hv.underlay().hostAddressOf(id, Ip4.parse("192.168.2.99")));
    String port3 = Ip4.toString(hv.underlay().hostAddressOf(id, Ip4.parse("192.168.3.99")));

    run(SDWAN);
    probeRounds(hv, 20);
    String t = run("diagnose sys sdwan health-check\n");
    assertTrue(t.contains("Health Check(ca_ping):\nSeq(1 port2): state(alive)"), t);
    assertTrue(t.contains("Seq(2 port3): state(alive)"), t);
    assertTrue(t.contains("Health Check(ca_http):\nSeq(1 port2): state(alive)"), t);
    assertEquals(2, count(t, "packet-loss(0.000%)", "ca_ping"), t);

    int before = sim.ca().accessLog().entries().size();
    t = run(generate("VIA_PORT2"));
    assertTrue(t.contains("Certificate VIA_PORT2: enrolled, serial "), t);
    assertEquals(List.of(port2), sourcesSince(sim, before));

    run("sim link port2 down\n");
    probeRounds(hv, 20);
    t = run("diagnose sys sdwan health-check\n");
    assertTrue(t.contains("Health Check(ca_ping):\nSeq(1 port2): state(dead)"), t);
    assertTrue(t.contains("Seq(2 port3): state(alive)"), t);

    before = sim.ca().accessLog().entries().size();
    t = run(generate("VIA_PORT3") + "sim ca log 3\n");
    assertTrue(t.contains("Certificate VIA_PORT3: enrolled, serial "), t);
    assertEquals(List.of(port3), sourcesSince(sim, before));
    assertTrue(t.contains("192.168.3.99 port3 FGVM01"), t);
  }

  @Test
  void aClockJumpCountsTheProbesItSkippedSoPort2DiesWithoutSteppingTheClock() throws Exception {
    // What a console user can do: jump the clock. The probes the jump skipped count as this
    // round's (port2 down: lost; port3 up: answered), so failtime is reached in one jump.
    run(SDWAN + "sim clock advance 10s\n");
    String t = run("sim link port2 down\nsim clock advance 10s\ndiagnose sys sdwan health-check\n");
    assertTrue(t.contains("Health Check(ca_ping):\nSeq(1 port2): state(dead)"), t);
    assertTrue(t.contains("Seq(2 port3): state(alive), packet-loss(0.000%)"), t);
    t = run(generate("AFTER_JUMP") + "sim ca log 3\n");
    assertTrue(t.contains("192.168.3.99 port3 FGVM01"), t);
    t = run("sim link port2 up\nsim clock advance 10s\ndiagnose sys sdwan health-check ca_ping\n");
    assertTrue(t.contains("Seq(1 port2): state(alive)"), t);
  }

  @Test
  void anHttpProbeOutWhenTheClockJumpsIsNotLost() throws Exception {
    Hypervisor hv = hv();
    ConsoleSimulation sim = sim();
    run(SDWAN);
    probeRounds(hv, 2);
    // The CA answers 300 ms (real time) late, so the next round's http probes are still out
    // when the clock jumps past their probe-timeout; the network never had time to answer.
    sim.ca().setFaults(CaFaults.NONE.withDelayMillis(300));
    hv.clock().advance(Duration.ofMillis(500));
    hv.runUntilIdle();
    hv.clock().advance(Duration.ofSeconds(10));
    HypervisorDriver.of(hv).settle(HypervisorDriver.DEFAULT_TIMEOUT);
    String t = run("diagnose sys sdwan health-check ca_http\n");
    assertEquals(2, count(t, "state(alive), packet-loss(0.000%)", "ca_http"), t);
  }

  /**
   * Steps the virtual clock through {@code n} probe intervals (500 ms, the default), letting each
   * round's probes finish before the next: what fast-forward does when the console is idle.
   */
  private static void probeRounds(Hypervisor hv, int n) {
    HypervisorDriver driver = HypervisorDriver.of(hv);
    for (int i = 0; i < n; i++) {
      hv.clock().advance(Duration.ofMillis(500));
      driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);
    }
  }

  /** The distinct loopback sources of the CA's requests since entry {@code from}. */
  private static List<String> sourcesSince(ConsoleSimulation sim, int from) {
    List<AccessLog.Entry> all = sim.ca().accessLog().entries();
    return all.subList(from, all.size()).stream()
        .map(e -> e.source().substring(0, e.source().lastIndexOf(':')))
        .distinct()
        .toList();
  }

  private static int count(String text, String what, String check) {
    int from = text.indexOf("Health Check(" + check + ")");
    int end = text.indexOf("Health Check(", from + 1);
    String block = text.substring(from, end < 0 ? text.length() : end);
    return block.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  @Override
  String run(ConsoleSimulation sim, String script) throws Exception {
    String t = super.run(sim, script);
    assertTrue(!t.contains("Command fail") && !t.contains("not fully applied"), t);
    return t;
  }
}
