package org.fwsim.firmware.scep;

import java.util.Objects;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;

/**
 * Where SCEP traffic to a CA leaves the appliance: the egress interface, the simulated source
 * address to bind, and the interface index forticron prints ({@code bind to interface N}; 0 when
 * the interface was chosen by route lookup rather than configured).
 */
public record Egress(NetworkInterface nic, int sourceAddress, int ifindex) {

  public Egress {
    Objects.requireNonNull(nic, "egress interface");
    if (ifindex < 0) {
      throw new IllegalArgumentException("interface index must be >= 0, got " + ifindex);
    }
  }

  @Override
  public String toString() {
    return nic.name() + " from " + Ip4.toString(sourceAddress);
  }
}
