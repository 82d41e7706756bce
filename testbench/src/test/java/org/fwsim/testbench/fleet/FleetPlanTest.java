package org.fwsim.testbench.fleet;

import static org.fwsim.hal.testing.TextAssertions.assertRefusedNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sharding and the address plan: every device in exactly one shard, no address twice. */
class FleetPlanTest {

  @Test
  void shardsPartitionTheFleet() {
    int devices = 1_003;
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 4; i++) {
      FleetPlan plan = new FleetPlan(devices, 2, new Shard(i, 4));
      List<Integer> mine = plan.indexes().boxed().collect(Collectors.toList());
      assertEquals(plan.size(), mine.size());
      for (int index : mine) {
        assertEquals(i, index % 4);
        assertTrue(seen.add(index), "device " + index + " in two shards");
      }
      total += mine.size();
    }
    assertEquals(devices, total);
    assertEquals(devices, seen.size());
    assertEquals(
        List.of(2, 5, 8), new FleetPlan(10, 1, Shard.parse("2/3")).indexes().boxed().toList());
    assertEquals(6, new FleetPlan(3, 2, Shard.ALL).certificates());
  }

  @Test
  void addressesNeverCollideAcrossDevicesPortsOrShards() {
    Set<String> used = new HashSet<>();
    for (int shard = 0; shard < 3; shard++) {
      FleetPlan plan = new FleetPlan(300, 4, new Shard(shard, 3));
      plan.indexes()
          .forEach(
              i -> {
                for (DevicePlan.Port p : plan.device(i).ports()) {
                  assertTrue(used.add(p.ip()), "address " + p.ip() + " used twice");
                  assertTrue(used.add(p.gateway()), "gateway " + p.gateway() + " used twice");
                }
              });
    }
    assertEquals(300 * 4 * 2, used.size());
    // The last device of the pool still fits in 100.64.0.0/10.
    assertEquals("100.127.255.253", AddressPlan.portAddress(AddressPlan.MAX_DEVICES - 1, 8));
  }

  @Test
  void devicePlanNamesVdomsAndPorts() {
    DevicePlan d = DevicePlan.of(1, 2);
    assertEquals(List.of("root", "vd1"), d.vdoms());
    assertEquals("port2", d.portOf("vd1").name());
    assertEquals("100.64.0.37", d.portOf("vd1").ip());
    assertEquals("100.64.0.38", d.portOf("vd1").gateway());
    DevicePlan single = DevicePlan.of(0, 1);
    assertEquals(2, single.ports().size());
    assertEquals("root", single.ports().get(1).vdom());
  }

  @Test
  void badShardsAndSizesAreNamed() {
    assertRefusedNaming(() -> Shard.parse("3/3"), "0..2");
    assertRefusedNaming(() -> Shard.parse("a/b"), "'a/b'");
    assertRefusedNaming(() -> Shard.parse("4"), "i/n");
    assertRefusedNaming(() -> new FleetPlan(10, 9, Shard.ALL), "--vdoms");
    assertRefusedNaming(
        () -> new FleetPlan(AddressPlan.MAX_DEVICES + 1, 1, Shard.ALL), "--devices");
    assertRefusedNaming(() -> new FleetPlan(10, 1, new Shard(1, 2)).device(4), "not in shard 1/2");
  }
}
