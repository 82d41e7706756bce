package org.fwsim.hal.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routing table of one VDOM: the VDOM's interfaces (for connected routes) and its {@code config
 * router static} entries.
 *
 * <p>Threading: one owner thread (the appliance's) calls the mutators and then {@link #publish()};
 * every other thread reads {@link #snapshot()}, an immutable {@link RoutingSnapshot} behind a
 * volatile reference. Mutators do not publish, so a whole {@code config ... end} block is applied
 * and then published once.
 *
 * <p>A static route is active only when it is enabled, its device exists in this VDOM and is up,
 * and its gateway (if set) lies in a connected subnet of that device; otherwise it is withdrawn
 * from the snapshot (and comes back when the condition holds again).
 */
public final class RoutingTable {

  private final String vdom;
  private final Map<String, Attached> interfaces = new LinkedHashMap<>();
  private final TreeMap<Integer, Route> statics = new TreeMap<>();

  /** Devices whose static routes a failed health check withdrew ({@code update-static-route}). */
  private final Set<String> withdrawn = new HashSet<>(2);

  private long version;
  private volatile RoutingSnapshot snapshot;

  /** An empty table for a VDOM; its first snapshot is already published. */
  public RoutingTable(String vdom) {
    if (vdom == null || vdom.isBlank()) {
      throw new IllegalArgumentException("routing table needs a VDOM name");
    }
    this.vdom = vdom;
    this.snapshot = new RoutingSnapshot(vdom, 0, List.of());
  }

  /** The VDOM this table belongs to. */
  public String vdom() {
    return vdom;
  }

  /** The last published snapshot; safe from any thread. */
  public RoutingSnapshot snapshot() {
    return snapshot;
  }

  /** Shorthand for {@code snapshot().lookup(dst)}. */
  public Optional<Route> lookup(int dst) {
    return snapshot.lookup(dst);
  }

  /**
   * Adds or replaces (by name) an interface of this VDOM. Owner thread only.
   *
   * @throws IllegalArgumentException if the interface belongs to another VDOM
   */
  public RoutingTable putInterface(NetworkInterface nic) {
    if (!nic.vdom().equals(vdom)) {
      throw new IllegalArgumentException(
          "interface " + nic.name() + " belongs to VDOM " + nic.vdom() + ", not " + vdom);
    }
    interfaces.put(nic.name(), Attached.of(nic));
    return this;
  }

  /** Removes an interface (no-op if absent). Owner thread only. */
  public RoutingTable removeInterface(String name) {
    interfaces.remove(name);
    return this;
  }

  /**
   * Sets the static route with FortiOS sequence number {@code seqNum} ({@code edit <seq-num>}).
   * Owner thread only.
   *
   * @throws IllegalArgumentException for a non-positive number or a non-static route
   */
  public RoutingTable putStatic(int seqNum, Route route) {
    if (seqNum <= 0) {
      throw new IllegalArgumentException(
          "static route sequence number " + seqNum + " must be positive");
    }
    if (Objects.requireNonNull(route, "route").kind() != Route.Kind.STATIC) {
      throw new IllegalArgumentException("only static routes can be configured, got " + route);
    }
    statics.put(seqNum, route);
    return this;
  }

  /**
   * Adds a static route under the next free sequence number ({@code edit 0}) and returns it. Owner
   * thread only.
   */
  public int addStatic(Route route) {
    int seqNum = statics.isEmpty() ? 1 : statics.lastKey() + 1;
    putStatic(seqNum, route);
    return seqNum;
  }

  /** Deletes a static route ({@code delete <seq-num>}); no-op if absent. Owner thread only. */
  public RoutingTable removeStatic(int seqNum) {
    statics.remove(seqNum);
    return this;
  }

  /**
   * Withdraws (true) or restores (false) the static routes through {@code device}, as an SD-WAN
   * health check with {@code update-static-route enable} does when a member goes dead or alive. The
   * configured routes stay; connected routes are not affected. Owner thread only; publish after.
   *
   * @return whether the state changed
   */
  public boolean setStaticRoutesWithdrawn(String device, boolean value) {
    return value ? withdrawn.add(device) : withdrawn.remove(device);
  }

  /** The configured static routes by sequence number (active or not). Owner thread only. */
  public NavigableMap<Integer, Route> staticRoutes() {
    return Collections.unmodifiableNavigableMap(statics);
  }

  /**
   * Collects connected routes, filters static routes and publishes the result for every reader; the
   * snapshot builds its lookup index when first asked. Owner thread only. Cost is linear in the
   * number of routes, with a small constant: a commit publishes the tables it touched.
   */
  public RoutingSnapshot publish() {
    List<Route> active = new ArrayList<>(interfaces.size() + statics.size());
    for (Attached a : interfaces.values()) {
      if (a.connected != null) {
        active.add(a.connected);
      }
    }
    for (Route r : statics.values()) {
      if (isUsable(r)) {
        active.add(r);
      }
    }
    RoutingSnapshot next = new RoutingSnapshot(vdom, ++version, active);
    snapshot = next;
    return next;
  }

  private boolean isUsable(Route r) {
    if (!r.enabled() || withdrawn.contains(r.device())) {
      return false;
    }
    Attached attached = interfaces.get(r.device());
    NetworkInterface device = attached == null ? null : attached.nic;
    if (device == null || !device.isUp()) {
      return false;
    }
    // A gateway must be reachable on the device's own subnet, as a next hop on that link.
    return r.gateway() == Ip4.ANY || device.hasAddress() && device.subnet().contains(r.gateway());
  }

  /**
   * An interface of this VDOM with its connected route (null when it has none), made when the
   * interface is put: a publish then only collects them, where making them anew at each publish
   * cost every commit in proportion to the whole table.
   */
  private record Attached(NetworkInterface nic, Route connected) {
    static Attached of(NetworkInterface nic) {
      return new Attached(
          nic, nic.isUp() && nic.hasAddress() ? Route.connected(nic.subnet(), nic.name()) : null);
    }
  }
}
