package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.StaticRouteConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.Route;

/**
 * The routes SD-WAN members put into a VDOM's routing table, derived from the configuration (so the
 * HAL conversion simply re-derives them after each commit). A health check with {@code
 * update-static-route enable} withdraws them with the member's other static routes.
 *
 * <ul>
 *   <li>A {@code config router static} entry with {@code set sdwan-zone <zones>} (and no device)
 *       becomes one route per enabled member of those zones that has a gateway.
 *   <li>Without such an entry, each enabled member with a {@code gateway} installs a default route
 *       through its interface (fortios.md §8.3). INFERENCE: distance 1, as the ECMP defaults of the
 *       LAB sample print {@code [1/0]}; priority is the member's {@code priority}.
 * </ul>
 */
public final class SdwanRoutes {

  /** Distance of a member's implicit default route (INFERENCE, see the class comment). */
  static final int MEMBER_DEFAULT_DISTANCE = 1;

  private SdwanRoutes() {}

  /**
   * Adds the SD-WAN routes of {@code vdom} to {@code routes} (static routes by sequence number)
   * under the highest numbers not already taken, so configured entries always keep theirs.
   */
  public static void addTo(VdomConfig vdom, Map<Integer, Route> routes) {
    int next = Integer.MAX_VALUE;
    for (Route r : of(vdom)) {
      while (routes.containsKey(next)) {
        next--;
      }
      routes.put(next--, r);
    }
  }

  /** The SD-WAN routes of a VDOM, in configuration order; none when SD-WAN is disabled. */
  public static List<Route> of(VdomConfig vdom) {
    SdwanConfig sdwan = vdom.sdwan();
    List<Route> out = new ArrayList<>();
    if (sdwan == null || !sdwan.enabled()) {
      return out;
    }
    boolean zoneRoutes = false;
    for (StaticRouteConfig r : vdom.staticRoutes()) {
      if (r.sdwanZones().isEmpty() || !r.device().isEmpty() || r.blackhole()) {
        continue;
      }
      zoneRoutes = true;
      Ip4Prefix dst = r.dst();
      for (SdwanConfig.Member m : sdwan.members()) {
        if (usable(m) && r.sdwanZones().contains(m.zone())) {
          out.add(
              new Route(
                  dst,
                  m.gateway(),
                  m.interfaceName(),
                  r.distance(),
                  m.priority(),
                  r.enabled(),
                  Route.Kind.STATIC));
        }
      }
    }
    if (!zoneRoutes) {
      for (SdwanConfig.Member m : sdwan.members()) {
        if (usable(m)) {
          out.add(
              new Route(
                  Ip4Prefix.DEFAULT,
                  m.gateway(),
                  m.interfaceName(),
                  MEMBER_DEFAULT_DISTANCE,
                  m.priority(),
                  true,
                  Route.Kind.STATIC));
        }
      }
    }
    return out;
  }

  private static boolean usable(SdwanConfig.Member m) {
    return m.enabled() && m.gateway() != Ip4.ANY && !m.interfaceName().isEmpty();
  }
}
