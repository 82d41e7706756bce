package org.fwsim.firmware;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.InterfaceConfig;
import org.fwsim.firmware.config.StaticRouteConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.egress.SdwanRoutes;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingTable;
import org.fwsim.hal.vdom.VdomTable;

/**
 * The short, ordered conversion from the typed configuration to what the HAL runs: hostname, VDOMs,
 * interfaces, static routes. One per appliance, on its mailbox (the only thread that changes the
 * appliance). It remembers the view it last converted and converts only the parts of the next view
 * that are not the same objects: typed views share what a commit did not touch ({@code
 * TypedViews.after}), so a single-entry commit costs that entry, not the whole configuration.
 */
final class HalConversion {

  private final Appliance appliance;

  /** The view the HAL now runs; null before the first conversion and after a failed one. */
  private ApplianceConfig converted;

  /** Interfaces the last {@link #apply} converted, for tests that check a commit's cost. */
  private int interfacesConverted;

  HalConversion(Appliance appliance) {
    this.appliance = appliance;
  }

  /** Makes the HAL run {@code cfg}. */
  void apply(ApplianceConfig cfg) {
    ApplianceConfig before = converted;
    // A conversion that stops half-way leaves the HAL in a state no view describes: the next one
    // compares everything with the HAL again.
    converted = null;
    appliance.setHostname(cfg.global().hostname());
    // VDOMs before interfaces: Appliance.putInterface refuses an interface whose VDOM does not
    // exist yet, so a `set vdom` to a VDOM made in the same commit must find it created.
    for (String name : cfg.vdoms().keySet()) {
      appliance.vdoms().getOrCreate(name);
    }
    // Interfaces before routes: a static route is usable only once its device and the
    // gateway's connected subnet are in the VDOM's table.
    if (before == null) {
      applyInterfaces(cfg.interfaces(), allNamesIn(appliance));
    } else if (before.interfaces() != cfg.interfaces()) {
      InterfaceEdits edits = InterfaceEdits.between(before.interfaces(), cfg.interfaces());
      applyInterfaces(edits.changed(), edits.removed());
    } else {
      interfacesConverted = 0;
    }
    for (VdomConfig v : cfg.vdoms().values()) {
      if (before == null || before.vdoms().get(v.name()) != v) {
        applyStaticRoutes(v, appliance.vdoms().getOrCreate(v.name()).routingTable());
      }
    }
    // VDOMs that left the configuration go last, after their interfaces moved or went away.
    for (String name : List.copyOf(appliance.vdoms().all().keySet())) {
      if (!cfg.vdoms().containsKey(name) && !VdomTable.ROOT.equals(name)) {
        appliance.vdoms().delete(name);
      }
    }
    converted = cfg;
  }

  /** How many interfaces the last {@link #apply} converted (compared with the HAL's). */
  int interfacesConverted() {
    return interfacesConverted;
  }

  private static List<String> allNamesIn(Appliance appliance) {
    return List.copyOf(appliance.interfaces().keySet());
  }

  /**
   * Puts the interfaces of {@code interfaces} that differ from the HAL's, then removes those of
   * {@code candidates} that the configuration no longer has.
   */
  private void applyInterfaces(List<InterfaceConfig> interfaces, List<String> candidates) {
    Set<String> configured = new HashSet<>();
    List<NetworkInterface> changed = new ArrayList<>();
    for (InterfaceConfig ic : interfaces) {
      configured.add(ic.name());
      NetworkInterface old = appliance.findInterface(ic.name()).orElse(null);
      NetworkInterface nic = toNic(ic, old);
      if (!nic.equals(old)) {
        changed.add(nic);
      }
    }
    interfacesConverted = interfaces.size();
    if (!changed.isEmpty()) { // a put, even of none, copies the appliance's interface map
      // One batch: each VDOM's routing table is published once, not once per interface.
      appliance.putInterfaces(changed);
    }
    List<String> deleted = new ArrayList<>();
    for (String name : candidates) {
      if (!configured.contains(name)) {
        deleted.add(name);
      }
    }
    if (!deleted.isEmpty()) {
      appliance.removeInterfaces(deleted); // one batch too
    }
  }

  private static NetworkInterface toNic(InterfaceConfig ic, NetworkInterface old) {
    boolean hasIp = ic.ip().address() != Ip4.ANY;
    return new NetworkInterface(
        ic.name(),
        type(ic.type()),
        ic.vdom(),
        hasIp ? ic.ip().address() : Ip4.ANY,
        hasIp ? ic.ip().length() : 0,
        ic.up() ? NetworkInterface.Status.UP : NetworkInterface.Status.DOWN,
        // Link faults are injected by the testbench, not configured: keep them across commits.
        old == null ? LinkImpairment.NONE : old.impairment());
  }

  /** The HAL models three kinds; aggregates, tunnels and the rest behave as physical ports. */
  private static NetworkInterface.Type type(String cli) {
    return switch (cli) {
      case "vlan" -> NetworkInterface.Type.VLAN;
      case "loopback" -> NetworkInterface.Type.LOOPBACK;
      default -> NetworkInterface.Type.PHYSICAL;
    };
  }

  /** Sets the VDOM's static routes; publishes its table only when they changed. */
  private static void applyStaticRoutes(VdomConfig v, RoutingTable table) {
    Map<Integer, Route> wanted = new TreeMap<>();
    for (StaticRouteConfig r : v.staticRoutes()) {
      // Blackhole and SD-WAN-zone routes have no device to leave by, so they are not HAL routes;
      // an SD-WAN zone's routes come from its members below. Sequence numbers beyond int are not
      // stored.
      if (r.blackhole()
          || r.device().isEmpty()
          || r.seqNum() <= 0
          || r.seqNum() > Integer.MAX_VALUE) {
        continue;
      }
      wanted.put(
          (int) r.seqNum(),
          new Route(
              r.dst(),
              r.gateway(),
              r.device(),
              r.distance(),
              r.priority(),
              r.enabled(),
              Route.Kind.STATIC));
    }
    SdwanRoutes.addTo(
        v, wanted); // SD-WAN members' routes, under sequence numbers the CLI leaves free
    if (wanted.equals(table.staticRoutes())) {
      // Interfaces republish the tables they touch themselves; an unchanged publish rebuilt the
      // VDOM's whole routing index at every commit.
      return;
    }
    for (Integer seq : List.copyOf(table.staticRoutes().keySet())) {
      if (!wanted.containsKey(seq)) {
        table.removeStatic(seq);
      }
    }
    wanted.forEach(table::putStatic);
    table.publish();
  }
}
