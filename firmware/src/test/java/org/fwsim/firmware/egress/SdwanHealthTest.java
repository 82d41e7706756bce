package org.fwsim.firmware.egress;

import static org.fwsim.firmware.egress.EgressLab.CA;
import static org.fwsim.firmware.egress.EgressLab.GW2;
import static org.fwsim.firmware.egress.EgressLab.GW3;
import static org.fwsim.firmware.egress.EgressLab.PORT2;
import static org.fwsim.firmware.egress.EgressLab.PORT3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health checks probing a real loopback server through each member, on the virtual clock. */
class SdwanHealthTest {

  @AutoClose private final EgressLab lab = new EgressLab();
  private SdwanHealth health;

  @BeforeEach
  void world() {
    lab.route("0.0.0.0/0", GW2, "port2");
    lab.route("0.0.0.0/0", GW3, "port3");
    health = new SdwanHealth(lab.fgt, "root", lab.hv.underlay(), LatencyMeter.NONE);
  }

  @AfterEach
  void close() {
    health.stop();
  }

  private static SdwanHealthCheck check(SdwanHealthCheck.Protocol protocol, String path) {
    return check(protocol, path, Ip4.toString(CA), 80);
  }

  private static SdwanHealthCheck check(
      SdwanHealthCheck.Protocol protocol, String path, String server, int port) {
    return new SdwanHealthCheck(
        "ca_check",
        List.of(server),
        protocol,
        port,
        path,
        1000,
        500,
        2,
        2,
        5,
        List.of(),
        true,
        List.of(SdwanHealthCheck.Sla.of(1, 20, 5, 0), SdwanHealthCheck.Sla.of(2, 100, 50, 40)));
  }

  private void start(SdwanHealthCheck check) {
    health.apply(
        SdwanConfig.of(
            List.of(Member.of(1, "port2", GW2), Member.of(2, "port3", GW3)),
            List.of(check),
            List.of()));
  }

  /** Applies {@code check} alone and runs {@code rounds} rounds of its probes. */
  private void probe(SdwanHealthCheck check, int rounds) throws InterruptedException {
    start(check);
    lab.rounds(health, rounds);
  }

  /** Member {@code seq}'s measured latency and jitter, in milliseconds. */
  private void assertMeasured(int seq, double latency, double jitter, String why) {
    assertEquals(latency, member(seq).latencyMillis(), 0.001, why);
    assertEquals(jitter, member(seq).jitterMillis(), 0.001, why);
  }

  private MemberHealth member(int seq) {
    return health.status().health("ca_check", seq);
  }

  private Set<String> defaultRouteDevices() {
    return lab.root().snapshot().candidates(Ip4.parse("198.51.100.1")).stream()
        .map(Route::device)
        .collect(Collectors.toSet());
  }

  @Test
  void tcpConnectProbesGoOutOfEachMemberWithItsSource() throws Exception {
    start(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"));
    lab.seen.clear();
    lab.rounds(health, 1);
    Set<Integer> sources =
        lab.awaitSeen(2).stream().map(EgressLab.Seen::source).collect(Collectors.toSet());
    assertEquals(Set.of(PORT2, PORT3), sources, "one probe per member, each from its own address");
    assertEquals(1, member(1).probes());
    assertEquals(0.0, member(1).packetLossPercent());
    assertEquals(0x3, member(1).slaMap());
  }

  @Test
  void pingEchoAndDnsAreAnsweredByTheSimulatedHostThroughEachMember() throws Exception {
    for (SdwanHealthCheck.Protocol p :
        List.of(
            SdwanHealthCheck.Protocol.PING,
            SdwanHealthCheck.Protocol.TCP_ECHO,
            SdwanHealthCheck.Protocol.UDP_ECHO,
            SdwanHealthCheck.Protocol.DNS)) {
      start(check(p, "/", Ip4.toString(CA), 0));
      lab.change("port3", n -> n.withImpairment(n.impairment().withLatencyMillis(30)));
      lab.rounds(health, 3);
      assertTrue(member(1).alive(), p.keyword());
      assertEquals(3, member(1).probes(), p.keyword());
      assertEquals(0.0, member(1).packetLossPercent(), p.keyword());
      assertEquals(30.0, member(2).latencyMillis(), 0.001, p.keyword() + ": the link's latency");
      assertEquals(0x2, member(2).slaMap(), p.keyword());
      lab.change("port3", n -> n.withImpairment(LinkImpairment.NONE));
    }
  }

  @Test
  void aHostNobodySimulatesAndAServiceAtAnotherPortDoNotAnswer() throws Exception {
    probe(check(SdwanHealthCheck.Protocol.PING, "/", "192.0.2.77", 0), 2);
    assertFalse(member(1).alive(), "no simulated host at 192.0.2.77");
    assertEquals(100.0, member(1).packetLossPercent());

    probe(check(SdwanHealthCheck.Protocol.TCP_ECHO, "/", Ip4.toString(CA), 8007), 2);
    assertFalse(member(1).alive(), "the echo service answers at port 7 only");
  }

  @Test
  void aLossyLinkLosesPingsLikeConnections() throws Exception {
    lab.change("port2", n -> n.withImpairment(n.impairment().withLossPercent(100)));
    probe(check(SdwanHealthCheck.Protocol.PING, "/", Ip4.toString(CA), 0), 2);
    assertFalse(member(1).alive());
    assertTrue(member(2).alive());
  }

  @Test
  void latencyImpairmentRaisesLatencyAndBreaksTheTightSla() throws Exception {
    lab.change("port3", n -> n.withImpairment(n.impairment().withLatencyMillis(30)));
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"), 3);
    assertMeasured(2, 30.0, 0.0, "impairment latency, no host part with NONE");
    assertEquals(0x2, member(2).slaMap(), "SLA 1 (20 ms) missed, SLA 2 (100 ms) met");
    assertEquals(0x3, member(1).slaMap());
    assertTrue(member(2).alive());
  }

  @Test
  void theInjectedMeterAddsTheHostPartToTheImpairment() throws Exception {
    health.stop();
    long[] hostMicros = {1_000, 3_000};
    int[] n = {0};
    LatencyMeter scripted =
        new LatencyMeter() {
          @Override
          public long start() {
            return n[0]++;
          }

          @Override
          public long elapsedMicros(long mark) {
            return hostMicros[(int) (mark / 2 % 2)]; // probes 0,1: 1 ms; probes 2,3: 3 ms
          }
        };
    health = new SdwanHealth(lab.fgt, "root", lab.hv.underlay(), scripted);
    lab.change("port2", n2 -> n2.withImpairment(n2.impairment().withLatencyMillis(10)));
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"), 2);
    assertMeasured(1, 12.0, 2.0, "10 ms impairment + mean of 1 ms and 3 ms");
    assertEquals(2.0, member(2).latencyMillis(), 0.001);
  }

  @Test
  void aDownLinkFailsAtOnceTurnsDeadAndWithdrawsItsRoutesUntilRecovered() throws Exception {
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"), 1);
    assertEquals(Set.of("port2", "port3"), defaultRouteDevices());
    lab.awaitSeen(2); // the first round's probes, which the server may record late

    lab.change("port2", n -> n.withImpairment(LinkImpairment.linkDown()));
    lab.seen.clear();
    lab.rounds(health, 1);
    assertEquals(
        List.of(PORT3),
        lab.awaitSeen(1).stream().map(EgressLab.Seen::source).toList(),
        "the probe through the live link");
    assertEquals(List.of(), lab.drainSeen(), "no socket is opened through a down link");
    assertTrue(member(1).alive(), "failtime 2: one failure is not enough");
    lab.rounds(health, 1);
    assertFalse(member(1).alive());
    assertEquals(0x0, member(1).slaMap());
    assertEquals(
        Set.of("port3"), defaultRouteDevices(), "update-static-route withdrew port2's route");
    assertFalse(health.status().isAlive(1));

    lab.change("port2", n -> n.withImpairment(LinkImpairment.NONE));
    lab.rounds(health, 1);
    assertFalse(member(1).alive(), "recoverytime 2: one success is not enough");
    lab.rounds(health, 1);
    assertTrue(member(1).alive());
    assertEquals(Set.of("port2", "port3"), defaultRouteDevices());
    assertEquals(40.0, member(1).packetLossPercent(), 0.001, "2 lost of 5 in the window");
  }

  @Test
  void totalLossTurnsTheMemberDeadButKeepsRoutesWhenUpdateStaticRouteIsOff() throws Exception {
    lab.change("port3", n -> n.withImpairment(n.impairment().withLossPercent(100)));
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/").withUpdateStaticRoute(false), 2);
    assertFalse(member(2).alive());
    assertEquals(100.0, member(2).packetLossPercent(), 0.001);
    assertEquals(Set.of("port2", "port3"), defaultRouteDevices());
  }

  @Test
  void httpProbeSucceedsOnTwoHundredAndFailsOnNotFound() throws Exception {
    probe(check(SdwanHealthCheck.Protocol.HTTP, "/healthz"), 2);
    assertTrue(member(1).alive());
    assertEquals(0.0, member(1).packetLossPercent());
    assertEquals(2, member(1).probes());

    probe(check(SdwanHealthCheck.Protocol.HTTP, "/missing"), 2);
    assertFalse(member(1).alive(), "404 is a failed probe");
    assertFalse(member(2).alive());
  }

  @Test
  void aReplyLaterThanProbeTimeoutCountsAsLost() throws Exception {
    lab.change(
        "port2",
        n -> n.withImpairment(n.impairment().withLatencyMillis(600))); // > probe-timeout 500
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"), 2);
    assertFalse(member(1).alive());
    assertEquals(100.0, member(1).packetLossPercent(), 0.001);
    assertTrue(member(2).alive());
  }

  @Test
  void aProbeWithoutAnswerTimesOutOnTheVirtualClockAndClosesItsSocket() throws Exception {
    start(check(SdwanHealthCheck.Protocol.HTTP, "/hang"));
    lab.seen.clear();
    lab.hv.scheduler().advanceToNextDeadline(); // the round: both probes go out
    lab.hv.runUntilIdle();
    for (int i = 0; i < 2; i++) {
      assertTrue(
          lab.seen.poll(5, java.util.concurrent.TimeUnit.SECONDS) != null,
          "the server got the probe");
    }
    assertEquals(2, health.probesInFlight());
    long before = lab.hv.clock().millis();
    lab.hv.scheduler().advanceToNextDeadline(); // probe-timeout, 500 ms later
    assertEquals(500, lab.hv.clock().millis() - before);
    lab.settle(health); // settles only if the timed-out sockets were closed
    assertEquals(0, health.probesInFlight());
    assertEquals(100.0, member(1).packetLossPercent(), 0.001);
    assertTrue(member(1).alive(), "one failure of failtime 2");
  }

  @Test
  void stopRestoresWithdrawnRoutesAndDisabledConfigProbesNothing() throws Exception {
    lab.change("port2", n -> n.withImpairment(LinkImpairment.linkDown()));
    probe(check(SdwanHealthCheck.Protocol.TCP_CONNECT, "/"), 2);
    assertEquals(Set.of("port3"), defaultRouteDevices());
    health.stop();
    lab.change("port2", n -> n.withImpairment(LinkImpairment.NONE));
    assertEquals(Set.of("port2", "port3"), defaultRouteDevices());
    assertEquals(0, lab.hv.scheduler().pendingTimers(), "no timer left behind");

    health.apply(SdwanConfig.DISABLED);
    assertEquals(0, lab.hv.scheduler().pendingTimers());
  }
}
