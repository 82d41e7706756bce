package org.fwsim.firmware.egress;

import org.fwsim.hal.net.Ip4;

/**
 * The address of a server the appliance connects to (a CA), from the host its URL names: the
 * simulated network has no resolver, so the host must be an IPv4 address. One wording for every
 * protocol that refuses a name.
 */
public final class ServerAddress {

  private ServerAddress() {}

  /**
   * The IPv4 address {@code host} is.
   *
   * @throws IllegalArgumentException when it is a name (or no address at all)
   */
  public static int of(String host) {
    try {
      return Ip4.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot resolve " + host + ": the simulated network has no DNS, use an IPv4 address", e);
    }
  }
}
