package org.fwsim.hal.net;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.fwsim.hal.testing.TestNetwork.withVdom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkInterfaceTest {

  @Test
  void newInterfaceIsUnsetUpAndHealthy() {
    NetworkInterface nic = NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root");
    assertFalse(nic.hasAddress());
    assertTrue(nic.isUp());
    assertSame(LinkImpairment.NONE, nic.impairment());
  }

  @Test
  void withersKeepTheRestAndHostBits() {
    NetworkInterface nic =
        withAddress(
            NetworkInterface.of("port2", NetworkInterface.Type.PHYSICAL, "root"),
            "100.1.1.7 255.255.255.0");
    assertEquals(Ip4.parse("100.1.1.7"), nic.address());
    assertEquals(24, nic.prefixLength());
    assertEquals("100.1.1.0/24", nic.subnet().toString());
    NetworkInterface down = withStatus(nic, NetworkInterface.Status.DOWN);
    assertFalse(down.isUp());
    assertEquals(nic.address(), down.address());
    assertTrue(nic.isUp(), "withers must not change the original");
    assertFalse(nic.withImpairment(LinkImpairment.linkDown()).isUp());
    assertEquals("vd2", withVdom(nic, "vd2").vdom());
  }

  @Test
  void rejectsBadValuesClearly() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    NetworkInterface.of(
                        "a-very-long-interface-name", NetworkInterface.Type.VLAN, "root"))
            .getMessage()
            .contains("1..15 characters"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkInterface.of("port1", NetworkInterface.Type.VLAN, " "))
            .getMessage()
            .contains("has no VDOM"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LinkImpairment(false, 0, 101))
            .getMessage()
            .contains("outside 0..100"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LinkImpairment(false, -5, 0))
            .getMessage()
            .contains("negative"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    withAddress(
                        NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"),
                        "10.0.0.1/40"))
            .getMessage()
            .contains("'10.0.0.1/40'"));
  }
}
