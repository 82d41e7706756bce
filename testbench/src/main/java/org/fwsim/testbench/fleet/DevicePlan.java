package org.fwsim.testbench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the fleet makes one device from: its fleet-wide index, name, serial, VDOMs and ports with
 * their addresses. Derived from the index alone, so any shard computes the same plan.
 *
 * @param vdoms VDOM names, {@code root} first, then {@code vd1}, {@code vd2}...
 * @param ports {@code port1}... : one per VDOM (VDOM k uses port k+1), and at least two
 */
public record DevicePlan(
    int index, String devname, String serial, List<String> vdoms, List<Port> ports) {

  /** One port: its name, VDOM, address, netmask and gateway. */
  public record Port(String name, String vdom, String ip, String mask, String gateway) {}

  public DevicePlan {
    vdoms = List.copyOf(vdoms);
    ports = List.copyOf(ports);
  }

  /** The plan of device {@code index} with {@code vdomCount} VDOMs. */
  public static DevicePlan of(int index, int vdomCount) {
    if (vdomCount < 1 || vdomCount > AddressPlan.MAX_PORTS) {
      throw new IllegalArgumentException(
          "VDOMs per device must be 1.."
              + AddressPlan.MAX_PORTS
              + " (one port each), got "
              + vdomCount);
    }
    List<String> vdoms = new ArrayList<>(vdomCount);
    for (int k = 0; k < vdomCount; k++) {
      vdoms.add(vdomName(k));
    }
    int portCount = Math.max(2, vdomCount);
    List<Port> ports = new ArrayList<>(portCount);
    for (int p = 1; p <= portCount; p++) {
      String vdom = p <= vdomCount ? vdoms.get(p - 1) : vdoms.get(0);
      ports.add(
          new Port(
              "port" + p,
              vdom,
              AddressPlan.portAddress(index, p),
              AddressPlan.PORT_MASK,
              AddressPlan.gateway(index, p)));
    }
    return new DevicePlan(index, devname(index), serial(index), vdoms, ports);
  }

  /** {@code root}, then {@code vd1}, {@code vd2}... */
  public static String vdomName(int k) {
    return k == 0 ? "root" : "vd" + k;
  }

  /** {@code FGT-00042}: sorts by index up to 100,000 devices. */
  public static String devname(int index) {
    return String.format(Locale.ROOT, "FGT-%05d", index);
  }

  /** A FortiGate-VM-shaped serial number, unique per index: {@code FGVM02TM00000042}. */
  public static String serial(int index) {
    return String.format(Locale.ROOT, "FGVM02TM%08d", index);
  }

  /** The port that carries a VDOM's traffic to the CA. */
  public Port portOf(String vdom) {
    for (Port p : ports) {
      if (p.vdom().equals(vdom)) {
        return p;
      }
    }
    throw new IllegalArgumentException("device " + devname + " has no VDOM " + vdom);
  }
}
