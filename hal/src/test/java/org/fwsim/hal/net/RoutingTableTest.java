package org.fwsim.hal.net;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withDistance;
import static org.fwsim.hal.testing.TestNetwork.withEnabled;
import static org.fwsim.hal.testing.TestNetwork.withPriority;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private static NetworkInterface nic(String name, String cidr) {
    return withAddress(NetworkInterface.of(name, NetworkInterface.Type.PHYSICAL, "root"), cidr);
  }

  private static Route via(String dst, String gw, String dev) {
    return Route.staticRoute(Ip4Prefix.parse(dst), Ip4.parse(gw), dev);
  }

  private static RoutingTable sampleTable() {
    RoutingTable t = new RoutingTable("root");
    t.putInterface(nic("port2", "100.1.1.5/24"))
        .putInterface(nic("port3", "100.1.2.5/24"))
        .putInterface(nic("port5", "192.168.0.1/24"))
        .putInterface(
            withAddress(
                NetworkInterface.of("loopback_0", NetworkInterface.Type.LOOPBACK, "root"),
                "1.1.1.1 255.255.255.255"))
        .putInterface(NetworkInterface.of("port9", NetworkInterface.Type.PHYSICAL, "root"));
    t.putStatic(1, via("0.0.0.0/0", "100.1.1.1", "port2"));
    t.putStatic(2, via("0.0.0.0/0", "100.1.2.1", "port3"));
    t.putStatic(3, withDistance(via("1.1.1.0/24", "100.1.1.254", "port2"), 5));
    t.putStatic(4, withPriority(via("10.0.0.0/8", "100.1.1.254", "port2"), 20));
    t.putStatic(5, via("10.0.0.0/8", "192.168.0.254", "port5"));
    t.putStatic(
        6, withDistance(via("10.0.0.0/8", "100.1.2.254", "port3"), 30)); // loses on distance
    t.putStatic(7, withEnabled(via("172.16.0.0/12", "100.1.1.1", "port2"), false));
    t.publish();
    return t;
  }

  @Test
  void formatsRoutingTableAllAsFortiOs() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("routing-table-all.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, sampleTable().snapshot().formatAll());
  }

  @Test
  void formatsStaticAndConnectedSubsets() {
    RoutingSnapshot s = sampleTable().snapshot();
    assertEquals(
        """
                C       1.1.1.1/32 is directly connected, loopback_0
                C       100.1.1.0/24 is directly connected, port2
                C       100.1.2.0/24 is directly connected, port3
                C       192.168.0.0/24 is directly connected, port5
                """,
        s.format(Route.Kind.CONNECTED));
    assertTrue(
        s.format(Route.Kind.STATIC)
            .startsWith(
                "S*      0.0.0.0/0 [10/0] via 100.1.1.1, port2, [1/0]\n"
                    + "                  [10/0] via 100.1.2.1, port3, [1/0]\n"));
  }

  @Test
  void connectedRoutesFollowInterfaces() {
    RoutingTable t = new RoutingTable("root");
    t.putInterface(nic("port1", "10.0.1.1/24"))
        .putInterface(nic("port2", "192.168.1.99/24"))
        .publish();
    assertEquals("port1", t.lookup(Ip4.parse("10.0.1.200")).orElseThrow().device());
    assertEquals(Route.Kind.CONNECTED, t.lookup(Ip4.parse("10.0.1.200")).orElseThrow().kind());
    assertEquals(0, t.lookup(Ip4.parse("10.0.1.200")).orElseThrow().distance());
    assertTrue(t.lookup(Ip4.parse("10.0.2.1")).isEmpty());

    t.putInterface(withStatus(nic("port1", "10.0.1.1/24"), NetworkInterface.Status.DOWN)).publish();
    assertTrue(t.lookup(Ip4.parse("10.0.1.200")).isEmpty(), "down interface withdraws its subnet");
    t.putInterface(nic("port1", "10.0.1.1/24").withImpairment(LinkImpairment.linkDown())).publish();
    assertTrue(t.lookup(Ip4.parse("10.0.1.200")).isEmpty(), "link down withdraws its subnet too");
    t.putInterface(nic("port1", "10.0.1.1/24")).publish();
    assertEquals("port1", t.lookup(Ip4.parse("10.0.1.200")).orElseThrow().device());
    t.removeInterface("port1").publish();
    assertTrue(t.lookup(Ip4.parse("10.0.1.200")).isEmpty());
  }

  @Test
  void staticRouteIsWithdrawnWithItsDeviceOrGateway() {
    RoutingTable t = new RoutingTable("root");
    t.putInterface(nic("wan1", "100.1.1.5/24")).putInterface(nic("wan2", "100.2.2.5/24"));
    t.putStatic(1, via("0.0.0.0/0", "100.1.1.1", "wan1"));
    t.putStatic(2, withDistance(via("0.0.0.0/0", "100.2.2.1", "wan2"), 20));
    t.putStatic(3, via("8.8.8.0/24", "100.9.9.1", "wan1")); // gateway not on wan1's subnet
    t.publish();
    int internet = Ip4.parse("8.8.8.8");
    assertEquals(
        "wan1",
        t.lookup(internet).orElseThrow().device(),
        "distance 10 beats 20; 3 is unreachable");

    t.putInterface(withStatus(nic("wan1", "100.1.1.5/24"), NetworkInterface.Status.DOWN)).publish();
    Route backup = t.lookup(internet).orElseThrow();
    assertEquals("wan2", backup.device());
    assertEquals(20, backup.distance());

    t.putInterface(nic("wan1", "100.1.1.5/24")).publish();
    assertEquals(
        "wan1", t.lookup(internet).orElseThrow().device(), "route comes back with its interface");

    t.putInterface(nic("wan1", "100.7.7.5/24")).publish();
    assertEquals(
        "wan2", t.lookup(internet).orElseThrow().device(), "gateway left the subnet of wan1");

    t.removeStatic(2).publish();
    assertTrue(t.lookup(internet).isEmpty());
    assertEquals(List.of(1, 3), List.copyOf(t.staticRoutes().keySet()));
  }

  @Test
  void longestPrefixThenDistanceThenPriority() {
    RoutingTable t = new RoutingTable("root");
    t.putInterface(nic("a", "10.0.0.1/24")).putInterface(nic("b", "10.0.1.1/24"));
    t.addStatic(via("0.0.0.0/0", "10.0.0.254", "a"));
    t.addStatic(withDistance(via("20.0.0.0/8", "10.0.1.254", "b"), 50));
    t.addStatic(
        withDistance(via("20.1.0.0/16", "10.0.1.254", "b"), 200)); // longer wins despite distance
    t.addStatic(withPriority(via("30.0.0.0/8", "10.0.0.254", "a"), 5));
    t.addStatic(withPriority(via("30.0.0.0/8", "10.0.1.254", "b"), 3));
    t.publish();
    assertEquals("20.1.0.0/16", t.lookup(Ip4.parse("20.1.2.3")).orElseThrow().dst().toString());
    assertEquals("20.0.0.0/8", t.lookup(Ip4.parse("20.2.2.3")).orElseThrow().dst().toString());
    assertEquals("b", t.lookup(Ip4.parse("30.1.1.1")).orElseThrow().device(), "priority 3 beats 5");
    assertEquals(1, t.snapshot().candidates(Ip4.parse("30.1.1.1")).size());
    assertEquals("0.0.0.0/0", t.lookup(Ip4.parse("99.1.1.1")).orElseThrow().dst().toString());
    assertEquals(List.of(1, 2, 3, 4, 5), List.copyOf(t.staticRoutes().keySet()));
  }

  @Test
  void ecmpIsDeterministicAndSpreads() {
    // configured in reverse order: the choice must not depend on config order
    RoutingSnapshot s = threeDefaultRoutes(3, 2, 1);
    List<Route> candidates = s.candidates(Ip4.parse("8.8.8.8"));
    assertEquals(
        List.of("port1", "port2", "port3"), candidates.stream().map(Route::device).toList());

    RoutingSnapshot o = threeDefaultRoutes(1, 2, 3);

    Set<String> used = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      int dst = Ip4.of(8, 8, i % 256, i / 256 + 1);
      int src = Ip4.of(10, 1, 0, 1 + i % 7);
      Route chosen = s.lookup(dst, src).orElseThrow();
      assertSame(chosen, s.lookup(dst, src).orElseThrow(), "same flow, same path");
      assertEquals(chosen, o.lookup(dst, src).orElseThrow(), "independent of configuration order");
      used.add(chosen.device());
    }
    assertEquals(Set.of("port1", "port2", "port3"), used, "flows spread over every member");
  }

  @Test
  void readersKeepTheirSnapshotWhileOwnerRepublishes() {
    RoutingTable t = sampleTable();
    RoutingSnapshot before = t.snapshot();
    t.putInterface(withStatus(nic("port2", "100.1.1.5/24"), NetworkInterface.Status.DOWN));
    assertSame(before, t.snapshot(), "nothing visible before publish");
    RoutingSnapshot after = t.publish();
    assertNotEquals(before.version(), after.version());
    assertEquals("port2", before.lookup(Ip4.parse("1.1.1.7")).orElseThrow().device());
    assertTrue(after.lookup(Ip4.parse("1.1.1.7")).isPresent(), "falls back to the default route");
    assertEquals("port3", after.lookup(Ip4.parse("1.1.1.7")).orElseThrow().device());
  }

  @Test
  void rejectsBadConfigurationClearly() {
    RoutingTable t = new RoutingTable("root");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    t.putInterface(
                        NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "vd2")))
            .getMessage()
            .contains("belongs to VDOM vd2"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> t.putStatic(0, via("0.0.0.0/0", "1.1.1.1", "port1")))
            .getMessage()
            .contains("must be positive"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withDistance(via("0.0.0.0/0", "1.1.1.1", "port1"), 0))
            .getMessage()
            .contains("distance 0 is outside 1..255"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> t.putStatic(1, Route.connected(Ip4Prefix.DEFAULT, "port1")))
            .getMessage()
            .contains("only static routes"));
  }

  @Test
  void withdrawnDeviceLosesItsStaticRoutesUntilRestored() {
    RoutingTable t = sampleTable();
    t.publish();
    assertEquals(2, t.snapshot().candidates(Ip4.parse("8.8.8.8")).size());
    assertTrue(t.setStaticRoutesWithdrawn("port2", true));
    t.publish();
    List<Route> left = t.snapshot().candidates(Ip4.parse("8.8.8.8"));
    assertEquals(List.of("port3"), left.stream().map(Route::device).toList());
    assertEquals(
        "port2", t.lookup(Ip4.parse("100.1.1.9")).orElseThrow().device(), "connected route stays");
    assertEquals(7, t.staticRoutes().size(), "configuration is untouched");
    assertTrue(t.setStaticRoutesWithdrawn("port2", false));
    t.publish();
    assertEquals(2, t.snapshot().candidates(Ip4.parse("8.8.8.8")).size());
  }

  /** Equal-cost default routes through port1..port3 (10.N.0.254), configured in {@code order}. */
  private static RoutingSnapshot threeDefaultRoutes(int... order) {
    RoutingTable t = new RoutingTable("root");
    for (int n = 1; n <= 3; n++) {
      t.putInterface(nic("port" + n, "10." + n + ".0.1/24"));
    }
    for (int n : order) {
      t.putStatic(n, via("0.0.0.0/0", "10." + n + ".0.254", "port" + n));
    }
    return t.publish();
  }
}
