package org.fwsim.hal.testing;

import org.fwsim.hal.net.Ip4InterfaceAddress;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;

/**
 * Changed copies of interfaces and routes for tests that build routing tables by hand; the
 * simulator itself makes both whole from the typed configuration, so these live with the tests.
 */
public final class TestNetwork {
  private TestNetwork() {}

  /**
   * The interface with an address parsed from "a.b.c.d/n" or "a.b.c.d m.m.m.m" (host bits kept).
   */
  public static NetworkInterface withAddress(NetworkInterface nic, String text) {
    Ip4InterfaceAddress parsed = Ip4InterfaceAddress.parse(text);
    return withAddress(nic, parsed.address(), parsed.length());
  }

  /** The interface with another address and subnet length. */
  public static NetworkInterface withAddress(NetworkInterface nic, int address, int prefixLength) {
    return new NetworkInterface(
        nic.name(), nic.type(), nic.vdom(), address, prefixLength, nic.status(), nic.impairment());
  }

  /** The interface moved to another VDOM. */
  public static NetworkInterface withVdom(NetworkInterface nic, String vdom) {
    return new NetworkInterface(
        nic.name(),
        nic.type(),
        vdom,
        nic.address(),
        nic.prefixLength(),
        nic.status(),
        nic.impairment());
  }

  /** The interface with another administrative status. */
  public static NetworkInterface withStatus(NetworkInterface nic, NetworkInterface.Status status) {
    return new NetworkInterface(
        nic.name(),
        nic.type(),
        nic.vdom(),
        nic.address(),
        nic.prefixLength(),
        status,
        nic.impairment());
  }

  /** The route with another administrative distance. */
  public static Route withDistance(Route route, int distance) {
    return ranked(route, distance, route.priority(), route.enabled());
  }

  /** The route with another priority. */
  public static Route withPriority(Route route, int priority) {
    return ranked(route, route.distance(), priority, route.enabled());
  }

  /** The route enabled or disabled. */
  public static Route withEnabled(Route route, boolean enabled) {
    return ranked(route, route.distance(), route.priority(), enabled);
  }

  private static Route ranked(Route route, int distance, int priority, boolean enabled) {
    return new Route(
        route.dst(), route.gateway(), route.device(), distance, priority, enabled, route.kind());
  }
}
