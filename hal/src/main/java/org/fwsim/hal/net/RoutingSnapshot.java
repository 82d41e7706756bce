package org.fwsim.hal.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable view of one VDOM's routing table at the moment it was published: the routes in the
 * FIB, a longest-prefix-match index over them, and the FortiOS {@code get router info
 * routing-table} text. Any thread may read it; the owner publishes a new one after each change.
 */
public final class RoutingSnapshot {

  private static final String CODES_HEADER =
      """
            Codes: K - kernel, C - connected, S - static, R - RIP, B - BGP
                   O - OSPF, IA - OSPF inter area
                   N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
                   E1 - OSPF external type 1, E2 - OSPF external type 2
                   i - IS-IS, L1 - IS-IS level-1, L2 - IS-IS level-2, ia - IS-IS inter area
                   * - candidate default

            """;
  private static final String CODE_COLUMN = "        "; // codes are padded to 8 characters

  private final String vdom;
  private final long version;
  private final List<Route> active;

  /**
   * Built on the first lookup or listing, not at publish: a script of thousands of commits
   * publishes a table at each, and rebuilding the index over every route each time made it
   * quadratic, while nothing looked a route up in between. Volatile, so that a reader on another
   * thread sees a complete one; two readers racing may each build it, to the same result.
   */
  private volatile Fib fib;

  RoutingSnapshot(String vdom, long version, Collection<Route> activeRoutes) {
    this.vdom = vdom;
    this.version = version;
    this.active = List.copyOf(activeRoutes);
  }

  /** The routes installed per prefix and the longest-prefix-match index over them. */
  private record Fib(TreeMap<Ip4Prefix, List<Route>> byPrefix, PrefixIndex index) {

    /**
     * Selects the FIB from the active routes: per prefix, the routes of the lowest distance (all
     * priorities are kept, as FortiOS lists them); lookups use the lowest priority among those.
     */
    static Fib of(List<Route> activeRoutes) {
      TreeMap<Ip4Prefix, List<Route>> byPrefix = new TreeMap<>();
      for (Route r : activeRoutes) {
        List<Route> same = byPrefix.computeIfAbsent(r.dst(), p -> new ArrayList<>(1));
        if (same.isEmpty() || r.distance() == same.get(0).distance()) {
          same.add(r);
        } else if (r.distance() < same.get(0).distance()) {
          same.clear();
          same.add(r);
        }
      }
      Map<Ip4Prefix, Route[]> groups = new HashMap<>(byPrefix.size() * 2);
      for (Map.Entry<Ip4Prefix, List<Route>> e : byPrefix.entrySet()) {
        List<Route> routes = e.getValue();
        routes.sort(Route.NEXT_HOP_ORDER);
        int best = routes.get(0).priority();
        groups.put(
            e.getKey(), routes.stream().filter(r -> r.priority() == best).toArray(Route[]::new));
        e.setValue(List.copyOf(routes));
      }
      return new Fib(byPrefix, new PrefixIndex(groups));
    }
  }

  private Fib installed() {
    Fib built = fib;
    if (built == null) {
      built = Fib.of(active);
      fib = built;
    }
    return built;
  }

  /** The VDOM this table belongs to. */
  public String vdom() {
    return vdom;
  }

  /** Increases by one with every publish; lets readers notice a change cheaply. */
  public long version() {
    return version;
  }

  /**
   * The route for a destination: longest prefix, then lowest distance, then lowest priority, then
   * one equal-cost member chosen by a hash of the destination (see {@link #lookup(int, int)}).
   */
  public Optional<Route> lookup(int dst) {
    return lookup(dst, 0);
  }

  /**
   * The route for a destination and source: as {@link #lookup(int)}, with the equal-cost member
   * chosen by a deterministic hash of destination and source, so one flow always takes one path.
   * Pass source 0 when it is not chosen yet.
   */
  public Optional<Route> lookup(int dst, int src) {
    Route[] group = installed().index().find(dst);
    return group == null ? Optional.empty() : Optional.of(group[ecmpIndex(dst, src, group.length)]);
  }

  /**
   * The equal-cost set a lookup of {@code dst} chooses from, in next-hop order; empty if no route.
   */
  public List<Route> candidates(int dst) {
    Route[] group = installed().index().find(dst);
    return group == null ? List.of() : List.of(group);
  }

  /** Every active route (connected, and static routes whose device and gateway are usable). */
  public List<Route> activeRoutes() {
    return active;
  }

  /** The routes installed per prefix (lowest distance), in routing-table order. */
  public Map<Ip4Prefix, List<Route>> fib() {
    return Collections.unmodifiableMap(installed().byPrefix());
  }

  /** The text of {@code get router info routing-table all}. */
  public String formatAll() {
    StringBuilder out = new StringBuilder(CODES_HEADER).append("Routing table for VRF=0\n");
    appendRoutes(out, null);
    return out.toString();
  }

  /**
   * The text of {@code get router info routing-table static} or {@code connected}: the route lines
   * of that kind only, without the codes header (as in the published FortiOS samples).
   */
  public String format(Route.Kind kind) {
    StringBuilder out = new StringBuilder();
    appendRoutes(out, kind);
    return out.toString();
  }

  private void appendRoutes(StringBuilder out, Route.Kind only) {
    for (Map.Entry<Ip4Prefix, List<Route>> e : installed().byPrefix().entrySet()) {
      List<Route> routes = e.getValue();
      int indent = 0;
      for (Route r : routes) {
        if (only != null && r.kind() != only) {
          continue;
        }
        if (indent == 0) {
          String code = r.kind().code() + (e.getKey().length() == 0 ? "*" : "");
          String head = code + CODE_COLUMN.substring(code.length()) + e.getKey() + " ";
          out.append(head);
          indent = head.length();
        } else {
          out.append(" ".repeat(indent));
        }
        appendNextHop(out, r);
      }
    }
  }

  private static void appendNextHop(StringBuilder out, Route r) {
    if (r.kind() == Route.Kind.CONNECTED) {
      out.append("is directly connected, ").append(r.device()).append('\n');
      return;
    }
    out.append('[').append(r.distance()).append("/0] ");
    if (r.gateway() == Ip4.ANY) {
      // INFERENCE: FortiOS prints a gateway-less static route as directly connected.
      out.append("is directly connected, ");
    } else {
      out.append("via ").append(Ip4.toString(r.gateway())).append(", ");
    }
    out.append(r.device()).append(", [").append(r.priority()).append("/0]\n");
  }

  /**
   * Which of {@code n} equal-cost routes a flow takes. FortiOS defaults to a source-IP hash; the
   * destination is mixed in too so that local-out traffic (source not yet chosen) still spreads.
   */
  static int ecmpIndex(int dst, int src, int n) {
    if (n == 1) {
      return 0;
    }
    return Math.floorMod(Ip4.mix(dst * 0x9E3779B9 ^ src), n);
  }
}
