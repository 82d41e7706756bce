package org.fwsim.firmware.egress;

import static org.fwsim.firmware.egress.EgressLab.GW2;
import static org.fwsim.firmware.egress.EgressLab.GW3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanConfig.ServiceSla;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.LinkImpairment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code diagnose sys sdwan ...} text against the reference samples and golden files. */
class SdwanDiagnoseTest {

  @AutoClose private final EgressLab lab = new EgressLab();
  private SdwanHealth health;

  @BeforeEach
  void world() {
    health = new SdwanHealth(lab.fgt, "root", lab.hv.underlay(), LatencyMeter.NONE);
  }

  @AfterEach
  void close() {
    health.stop();
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = SdwanDiagnoseTest.class.getResourceAsStream("/egress/" + name)) {
      if (in == null) {
        throw new IOException("missing golden file /egress/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void healthLinesHaveTheReferenceShapes() {
    // fortios.md §9.3, LAB id 4621373337, verbatim.
    assertEquals(
        "Seq(2 port3): state(alive), packet-loss(0.000%) latency(20.345), jitter(1.146), bandwidth-up(9999999),"
            + " bandwidth-dw(9999999), bandwidth-bi(19999998) sla_map=0x1",
        SdwanDiagnose.healthLine(
            new MemberHealth("114_Check", 2, "port3", true, 0, 20.345, 1.146, 0x1, 30)));
    assertEquals(
        "Seq(1 port2): state(dead), packet-loss(100.000%) sla_map=0x0",
        SdwanDiagnose.healthLine(
            new MemberHealth("114_Check", 1, "port2", false, 100, 0, 0, 0, 30)));
  }

  @Test
  void memberLineMatchesTheReference() {
    SdwanConfig cfg =
        SdwanConfig.of(
            List.of(new Member(1, "port2", null, GW2, 0, 1, 0, 0, true)), List.of(), List.of());
    // fortios.md §9.3, LAB id 5046637776, verbatim.
    assertEquals(
        "Member(1): interface: port2, flags=0x0 , gateway: 202.100.1.192, priority: 1 1024, weight: 0\n",
        SdwanDiagnose.member(SdwanStatus.unprobed(cfg)));
  }

  @Test
  void outputsAfterOneMemberDiedMatchTheGoldenFiles() throws Exception {
    lab.route("0.0.0.0/0", GW2, "port2");
    lab.route("0.0.0.0/0", GW3, "port3");
    lab.change("port2", n -> n.withImpairment(n.impairment().withLatencyMillis(20)));
    lab.change("port3", n -> n.withImpairment(LinkImpairment.linkDown()));
    SdwanHealthCheck check = EgressLab.tcpCheck("114_Check", 50);
    SdwanService toCa =
        SdwanService.sla(
            1,
            "To_CA",
            List.of(Ip4Prefix.parse("10.5.149.0/24")),
            List.of(2, 1),
            List.of(new ServiceSla("114_Check", 1)));
    SdwanService rest = SdwanService.manual(2, "", List.of(), List.of(1, 2));
    health.apply(
        SdwanConfig.of(
            List.of(Member.of(1, "port2", GW2), Member.of(2, "port3", GW3).withPriority(10)),
            List.of(check),
            List.of(toCa, rest)));
    lab.rounds(health, 2);

    SdwanStatus st = health.status();
    assertEquals(golden("sdwan-health-check.txt"), SdwanDiagnose.healthCheck(st, null));
    assertEquals(golden("sdwan-health-check.txt"), SdwanDiagnose.healthCheck(st, "114_Check"));
    assertEquals(golden("sdwan-service.txt"), SdwanDiagnose.service(st, lab.fgt, "root", null));
    assertEquals(golden("sdwan-member.txt"), SdwanDiagnose.member(st));
    assertThrows(IllegalArgumentException.class, () -> SdwanDiagnose.healthCheck(st, "nope"));
    IllegalArgumentException noService =
        assertThrows(
            IllegalArgumentException.class, () -> SdwanDiagnose.service(st, lab.fgt, "root", 9));
    assertEquals("SD-WAN service 9 does not exist", noService.getMessage());
  }
}
