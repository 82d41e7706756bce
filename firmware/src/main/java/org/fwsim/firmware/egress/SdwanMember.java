package org.fwsim.firmware.egress;

import org.fwsim.hal.net.Ip4;

/**
 * One {@code config system sdwan} / {@code config members} entry.
 *
 * @param seq {@code edit <seq-num>}, 1..512
 * @param interfaceName {@code interface}
 * @param zone {@code zone}, default {@code virtual-wan-link}
 * @param gateway {@code gateway}, {@link Ip4#ANY} when unset
 * @param source {@code source} (health-check source), {@link Ip4#ANY} when unset
 * @param priority {@code priority} 1..65535, default 1
 * @param weight {@code weight} 1..255, default 1 (weight-based load balancing)
 * @param cost {@code cost}, default 0 (SLA-mode tie-break, lower first)
 * @param enabled {@code status enable|disable}
 */
public record SdwanMember(
    int seq,
    String interfaceName,
    String zone,
    int gateway,
    int source,
    int priority,
    int weight,
    int cost,
    boolean enabled) {

  /** The default zone of a member. */
  public static final String DEFAULT_ZONE = "virtual-wan-link";

  /** Validates the FortiOS ranges. */
  public SdwanMember {
    if (seq < 1 || seq > 512) {
      throw new IllegalArgumentException("SD-WAN member seq-num " + seq + " is outside 1..512");
    }
    if (interfaceName == null || interfaceName.isBlank()) {
      throw new IllegalArgumentException("SD-WAN member " + seq + " has no interface");
    }
    zone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone;
    if (priority < 1 || priority > 65535) {
      throw new IllegalArgumentException(
          "SD-WAN member " + seq + ": priority " + priority + " is outside 1..65535");
    }
    if (weight < 0 || weight > 255) {
      throw new IllegalArgumentException(
          "SD-WAN member " + seq + ": weight " + weight + " is outside 0..255");
    }
    if (cost < 0) {
      throw new IllegalArgumentException(
          "SD-WAN member " + seq + ": cost " + cost + " is negative");
    }
  }

  /** A member with the FortiOS defaults and a gateway. */
  public static SdwanMember of(int seq, String interfaceName, int gateway) {
    return new SdwanMember(seq, interfaceName, DEFAULT_ZONE, gateway, Ip4.ANY, 1, 1, 0, true);
  }

  /** This member with another {@code priority}. */
  public SdwanMember withPriority(int value) {
    return new SdwanMember(seq, interfaceName, zone, gateway, source, value, weight, cost, enabled);
  }

  /** This member with another {@code cost}. */
  public SdwanMember withCost(int value) {
    return new SdwanMember(
        seq, interfaceName, zone, gateway, source, priority, weight, value, enabled);
  }

  /** This member with another {@code source}. */
  public SdwanMember withSource(int value) {
    return new SdwanMember(
        seq, interfaceName, zone, gateway, value, priority, weight, cost, enabled);
  }

  /** This member enabled or disabled. */
  public SdwanMember withEnabled(boolean value) {
    return new SdwanMember(
        seq, interfaceName, zone, gateway, source, priority, weight, cost, value);
  }
}
