package org.fwsim.hal.net;

import java.util.Comparator;
import java.util.Objects;

/**
 * One route of a VDOM's routing table: a connected subnet or a {@code config router static} entry.
 *
 * @param dst the destination prefix
 * @param gateway the next hop, {@link Ip4#ANY} for a route straight out of the device
 * @param device the egress interface name
 * @param distance administrative distance (connected 0, static 1..255, FortiOS default 10)
 * @param priority tie-break among equal distances, lower wins (static 1..65535, default 1;
 *     connected 0)
 * @param enabled {@code set status enable|disable}
 * @param kind connected or static
 */
public record Route(
    Ip4Prefix dst,
    int gateway,
    String device,
    int distance,
    int priority,
    boolean enabled,
    Kind kind) {

  /** FortiOS default administrative distance of a static route. */
  public static final int DEFAULT_DISTANCE = 10;

  /** FortiOS default priority of a static route. */
  public static final int DEFAULT_PRIORITY = 1;

  /**
   * Order of equal-cost routes: by gateway, then device. It fixes both the display order of ECMP
   * continuation lines and which member a given hash picks, independent of config order.
   */
  static final Comparator<Route> NEXT_HOP_ORDER =
      Comparator.comparingInt(Route::priority)
          .thenComparing(Route::gateway, Integer::compareUnsigned)
          .thenComparing(Route::device);

  /** Where a route comes from; the letter is the FortiOS routing-table code. */
  public enum Kind {
    CONNECTED,
    STATIC;

    /**
     * The code letter printed by {@code get router info routing-table}: FortiOS's codes are the
     * initials of the kinds' names (C connected, S static, R RIP, O OSPF, B BGP).
     */
    public String code() {
      return name().substring(0, 1);
    }
  }

  /** Validates every field. */
  public Route {
    Objects.requireNonNull(dst, "route destination");
    Objects.requireNonNull(kind, "route kind");
    if (device == null || device.isBlank()) {
      throw new IllegalArgumentException("route to " + dst + " has no device");
    }
    int minDistance = kind == Kind.CONNECTED ? 0 : 1;
    if (distance < minDistance || distance > 255) {
      throw new IllegalArgumentException(
          "route to " + dst + ": distance " + distance + " is outside " + minDistance + "..255");
    }
    if (priority < 0 || priority > 65535) {
      throw new IllegalArgumentException(
          "route to " + dst + ": priority " + priority + " is outside 0..65535");
    }
  }

  /** A static route with the FortiOS defaults (distance 10, priority 1, enabled). */
  public static Route staticRoute(Ip4Prefix dst, int gateway, String device) {
    return new Route(dst, gateway, device, DEFAULT_DISTANCE, DEFAULT_PRIORITY, true, Kind.STATIC);
  }

  /** The connected route of an interface subnet (distance 0). */
  public static Route connected(Ip4Prefix subnet, String device) {
    return new Route(subnet, Ip4.ANY, device, 0, 0, true, Kind.CONNECTED);
  }

  /** This route with another administrative distance. */
  public Route withDistance(int value) {
    return new Route(dst, gateway, device, value, priority, enabled, kind);
  }

  /** This route with another priority. */
  public Route withPriority(int value) {
    return new Route(dst, gateway, device, distance, value, enabled, kind);
  }

  /** This route enabled or disabled. */
  public Route withEnabled(boolean value) {
    return new Route(dst, gateway, device, distance, priority, value, kind);
  }

  @Override
  public String toString() {
    return kind.code()
        + " "
        + dst
        + " ["
        + distance
        + "/0] via "
        + Ip4.toString(gateway)
        + ", "
        + device
        + ", ["
        + priority
        + "/0]"
        + (enabled ? "" : " disabled");
  }
}
