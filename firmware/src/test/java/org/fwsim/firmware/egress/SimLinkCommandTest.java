package org.fwsim.firmware.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fwsim.hal.net.LinkImpairment;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SimLinkCommandTest {

  @AutoClose private final EgressLab lab = new EgressLab();

  private LinkImpairment port2() {
    return lab.fgt.findInterface("port2").orElseThrow().impairment();
  }

  @Test
  void setsAndClearsLinkFaults() {
    assertEquals(
        "link port2: down, latency 0 ms, loss 0%",
        SimLinkCommand.run(lab.fgt, List.of("port2", "down")));
    assertFalse(lab.fgt.findInterface("port2").orElseThrow().isUp());
    SimLinkCommand.run(lab.fgt, List.of("port2", "latency", "40"));
    SimLinkCommand.run(lab.fgt, List.of("port2", "loss", "25"));
    assertEquals(
        "link port2: up, latency 40 ms, loss 25%",
        SimLinkCommand.run(lab.fgt, List.of("port2", "up")));
    assertEquals(new LinkImpairment(false, 40, 25), port2());
    assertTrue(lab.fgt.findInterface("port2").orElseThrow().isUp());
  }

  @Test
  void badInputGivesAClearError() {
    assertEquals(
        "interface port9 does not exist",
        assertThrows(
                IllegalArgumentException.class,
                () -> SimLinkCommand.run(lab.fgt, List.of("port9", "up")))
            .getMessage());
    assertEquals(
        "loss 101 is outside 0..100",
        assertThrows(
                IllegalArgumentException.class,
                () -> SimLinkCommand.run(lab.fgt, List.of("port2", "loss", "101")))
            .getMessage());
    assertEquals(
        "latency 'x' is not a whole number",
        assertThrows(
                IllegalArgumentException.class,
                () -> SimLinkCommand.run(lab.fgt, List.of("port2", "latency", "x")))
            .getMessage());
    assertEquals(
        SimLinkCommand.USAGE,
        assertThrows(
                IllegalArgumentException.class, () -> SimLinkCommand.run(lab.fgt, List.of("port2")))
            .getMessage());
    assertEquals(LinkImpairment.NONE, port2(), "nothing changed");
  }
}
