package org.fwsim.testbench.fleet;

import java.util.stream.IntStream;

/**
 * Which devices this process builds: {@code devices} fleet-wide, {@code vdoms} each, and the ones
 * this shard selects. Indexes and addresses stay fleet-wide, so shards never collide.
 */
public record FleetPlan(int devices, int vdoms, Shard shard) {

  public FleetPlan {
    if (devices < 1 || devices > AddressPlan.MAX_DEVICES) {
      throw new IllegalArgumentException(
          "--devices must be 1.." + AddressPlan.MAX_DEVICES + ", got " + devices);
    }
    if (vdoms < 1 || vdoms > AddressPlan.MAX_PORTS) {
      throw new IllegalArgumentException(
          "--vdoms must be 1.." + AddressPlan.MAX_PORTS + ", got " + vdoms);
    }
    if (shard == null) {
      throw new IllegalArgumentException(
          "a fleet plan needs a shard (Shard.ALL for the whole fleet)");
    }
  }

  /** Fleet-wide indexes of this shard's devices, ascending. */
  public IntStream indexes() {
    return IntStream.iterate(shard.index(), i -> i < devices, i -> i + shard.count());
  }

  /** Devices in this shard. */
  public int size() {
    return shard.sizeOf(devices);
  }

  /** Certificates in this shard: one per VDOM. */
  public long certificates() {
    return (long) size() * vdoms;
  }

  /** The plan of one of this shard's devices. */
  public DevicePlan device(int index) {
    if (index < 0 || index >= devices || !shard.selects(index)) {
      throw new IllegalArgumentException(
          "device " + index + " is not in shard " + shard + " of " + devices + " devices");
    }
    return DevicePlan.of(index, vdoms);
  }
}
