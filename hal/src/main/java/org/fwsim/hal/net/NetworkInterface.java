package org.fwsim.hal.net;

import java.util.Objects;
import org.fwsim.hal.lang.CliKeyword;

/**
 * One simulated interface of an appliance ({@code config system interface} entry), as an immutable
 * value: change it with the {@code with*} methods and hand the new value to its owner. Kept to a
 * handful of fields because a fleet holds tens of thousands of them.
 *
 * @param name FortiOS interface name, 1..15 characters (e.g. "port1", "loopback_0")
 * @param type physical, VLAN or loopback
 * @param vdom the VDOM the interface belongs to
 * @param address the IPv4 address with host bits, {@link Ip4#ANY} when unset
 * @param prefixLength the subnet length 0..32 (0 with an unset address)
 * @param status administrative status ({@code set status up|down})
 * @param impairment injected link faults, {@link LinkImpairment#NONE} when healthy
 */
public record NetworkInterface(
    String name,
    Type type,
    String vdom,
    int address,
    int prefixLength,
    Status status,
    LinkImpairment impairment) {

  /** FortiOS limits interface names to 15 characters. */
  static final int MAX_NAME_LENGTH = 15;

  /** Interface types the simulator models (FortiOS {@code set type}). */
  public enum Type implements CliKeyword {
    PHYSICAL,
    VLAN,
    LOOPBACK
  }

  /** Administrative status ({@code set status}). */
  public enum Status implements CliKeyword {
    UP,
    DOWN
  }

  /** Validates every field. */
  public NetworkInterface {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "interface name '" + name + "' must be 1.." + MAX_NAME_LENGTH + " characters");
    }
    Objects.requireNonNull(type, "interface type");
    if (vdom == null || vdom.isBlank()) {
      throw new IllegalArgumentException("interface " + name + " has no VDOM");
    }
    Ip4.checkLength(prefixLength);
    Objects.requireNonNull(status, "interface status");
    Objects.requireNonNull(impairment, "link impairment");
  }

  /** A new interface with no address, status up and a healthy link. */
  public static NetworkInterface of(String name, Type type, String vdom) {
    return new NetworkInterface(name, type, vdom, Ip4.ANY, 0, Status.UP, LinkImpairment.NONE);
  }

  /** True if an address is set ({@code set ip} other than 0.0.0.0). */
  public boolean hasAddress() {
    return address != Ip4.ANY;
  }

  /** The connected subnet, e.g. 10.0.1.0/24 for 10.0.1.1/24; only meaningful with an address. */
  public Ip4Prefix subnet() {
    return Ip4Prefix.of(address, prefixLength);
  }

  /** Usable for traffic: administratively up and the link not down. */
  public boolean isUp() {
    return status == Status.UP && !impairment.down();
  }

  /** This interface with other link faults. */
  public NetworkInterface withImpairment(LinkImpairment newImpairment) {
    return new NetworkInterface(name, type, vdom, address, prefixLength, status, newImpairment);
  }

  @Override
  public String toString() {
    return name
        + "("
        + type.keyword()
        + ", vdom "
        + vdom
        + ", "
        + Ip4.toString(address)
        + "/"
        + prefixLength
        + ", "
        + status.keyword()
        + (impairment.isNone() ? "" : ", " + impairment)
        + ")";
  }
}
