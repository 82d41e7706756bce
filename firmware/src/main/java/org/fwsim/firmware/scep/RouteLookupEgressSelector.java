package org.fwsim.firmware.scep;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingTable;

/**
 * {@code interface-select-method auto}: the VDOM's routing table decides; the source is the egress
 * interface's own address. A stand-in until the egress issue provides the full selection.
 */
public final class RouteLookupEgressSelector implements EgressSelector {

  private final Function<String, RoutingTable> tables;

  /**
   * @param tables the routing table of a VDOM by name (null when there is no such VDOM)
   */
  public RouteLookupEgressSelector(Function<String, RoutingTable> tables) {
    this.tables = Objects.requireNonNull(tables, "routing tables");
  }

  @Override
  public Egress select(String vdom, int destination) throws EgressException {
    RoutingTable table = tables.apply(vdom);
    if (table == null) {
      throw new EgressException("no routing table for VDOM " + vdom);
    }
    Optional<Route> route = table.snapshot().lookup(destination);
    if (route.isEmpty()) {
      throw new EgressException("no route to " + Ip4.toString(destination) + " in VDOM " + vdom);
    }
    String device = route.get().device();
    NetworkInterface nic =
        table
            .getInterface(device)
            .orElseThrow(
                () ->
                    new EgressException(
                        "route to "
                            + Ip4.toString(destination)
                            + " leaves through "
                            + device
                            + ", which is not an interface of VDOM "
                            + vdom));
    if (!nic.isUp()) {
      throw new EgressException(
          "egress interface " + device + " to " + Ip4.toString(destination) + " is down");
    }
    if (!nic.hasAddress()) {
      throw new EgressException(
          "egress interface " + device + " to " + Ip4.toString(destination) + " has no IP address");
    }
    return new Egress(nic, nic.address(), 0);
  }
}
