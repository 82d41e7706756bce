package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingSnapshot;
import org.fwsim.hal.vdom.Vdom;

/**
 * The selection rules of the SCEP path's egress ({@code config vpn certificate setting} → {@code
 * interface-select-method}) and its source address, per VDOM, with the settings in force.
 *
 * <p>One per appliance, inside its {@link EgressDaemon}. It holds each VDOM's setting and SD-WAN
 * health as immutable values behind volatile references (replaced whole), so selection reads only
 * snapshots and may run on any thread; normally it runs on the appliance's mailbox just before a
 * connection is opened.
 */
public final class EgressRules {

  private volatile Map<String, VpnCertificateSetting> settings = Map.of();
  private volatile Map<String, SdwanHealth> sdwan = Map.of();

  /**
   * Sets a VDOM's {@code config vpn certificate setting} (the default is {@link
   * VpnCertificateSetting#DEFAULTS}). A setting on {@code auto} is not stored and an unchanged one
   * is not copied again: every commit comes here, and a fleet of appliances on {@code auto} keeps
   * one shared empty map.
   */
  public void setCertificateSetting(String vdom, VpnCertificateSetting setting) {
    Objects.requireNonNull(vdom, "vdom");
    Objects.requireNonNull(setting, "setting");
    if (setting.equals(certificateSetting(vdom))) {
      return;
    }
    Map<String, VpnCertificateSetting> m = new HashMap<>(settings);
    if (setting.interfaceSelectMethod() == InterfaceSelectMethod.AUTO) {
      m.remove(vdom);
    } else {
      m.put(vdom, setting);
    }
    settings = Map.copyOf(m);
  }

  /** A VDOM's setting in force for egress, {@link VpnCertificateSetting#DEFAULTS} on auto. */
  public VpnCertificateSetting certificateSetting(String vdom) {
    return settings.getOrDefault(vdom, VpnCertificateSetting.DEFAULTS);
  }

  /**
   * Lets {@code sdwan} selection in {@code vdom} use this health daemon's view (null detaches it).
   */
  public void attachSdwan(String vdom, SdwanHealth health) {
    Map<String, SdwanHealth> m = new HashMap<>(sdwan);
    if (health == null) {
      m.remove(vdom);
    } else {
      m.put(vdom, health);
    }
    sdwan = Map.copyOf(m);
  }

  /**
   * The egress for a connection from {@code vdom} to {@code dstAddr} with the VDOM's setting.
   *
   * @param sourceIpOrZero the certificate's {@code source-ip}, {@link Ip4#ANY} when unset
   * @throws EgressException naming what is wrong; no traffic must be sent then
   */
  public Egress select(Appliance appliance, String vdom, int dstAddr, int sourceIpOrZero)
      throws EgressException {
    SdwanHealth health = sdwan.get(vdom);
    return select(
        appliance,
        vdom,
        dstAddr,
        sourceIpOrZero,
        certificateSetting(vdom),
        health == null ? null : health.status());
  }

  /**
   * The egress with an explicit setting and SD-WAN view (null when the VDOM has no SD-WAN).
   *
   * @throws EgressException naming what is wrong
   */
  public static Egress select(
      Appliance appliance,
      String vdom,
      int dstAddr,
      int sourceIpOrZero,
      VpnCertificateSetting setting,
      SdwanStatus sdwanStatus)
      throws EgressException {
    Vdom v =
        appliance
            .vdoms()
            .find(vdom)
            .orElseThrow(
                () ->
                    new EgressException(
                        EgressException.Reason.NO_SUCH_VDOM, "VDOM " + vdom + " does not exist"));
    if (sourceIpOrZero != Ip4.ANY) {
      checkSourceIp(appliance, vdom, sourceIpOrZero);
    }
    RoutingSnapshot routes = v.routes();
    Choice c =
        switch (setting.interfaceSelectMethod()) {
          case AUTO -> byRoute(appliance, routes, dstAddr, sourceIpOrZero, "auto: routing table");
          case SPECIFY -> specified(appliance, vdom, routes, setting.interfaceName(), dstAddr);
          case SDWAN -> bySdwan(appliance, vdom, routes, dstAddr, sourceIpOrZero, sdwanStatus);
        };
    int source = sourceIpOrZero;
    if (source == Ip4.ANY) {
      if (!c.nic.hasAddress()) {
        throw new EgressException(
            EgressException.Reason.NO_ADDRESS,
            "interface "
                + c.nic.name()
                + " has no IP address to use as the source for "
                + Ip4.toString(dstAddr));
      }
      source = c.nic.address();
    }
    return new Egress(
        c.nic.name(),
        appliance.ifindex(c.nic.name()),
        source,
        sourceIpOrZero,
        c.gateway,
        dstAddr,
        setting.interfaceSelectMethod(),
        c.reason);
  }

  /**
   * {@code interface-select-method auto} without SD-WAN: route lookup in the VDOM, the source
   * checked and used. What an appliance without an egress daemon selects with.
   */
  public static EgressSelector auto(Appliance appliance) {
    Objects.requireNonNull(appliance, "appliance");
    return (vdom, destination, sourceIp) ->
        select(appliance, vdom, destination, sourceIp, VpnCertificateSetting.DEFAULTS, null);
  }

  private record Choice(NetworkInterface nic, int gateway, String reason) {}

  private static void checkSourceIp(Appliance appliance, String vdom, int sourceIp)
      throws EgressException {
    for (NetworkInterface nic : appliance.interfaces().values()) {
      if (nic.address() == sourceIp && nic.vdom().equals(vdom)) {
        return;
      }
    }
    throw new EgressException(
        EgressException.Reason.BAD_SOURCE_IP,
        "source-ip "
            + Ip4.toString(sourceIp)
            + " is not an address of any interface in VDOM "
            + vdom);
  }

  private static Choice byRoute(
      Appliance appliance, RoutingSnapshot routes, int dst, int src, String reason)
      throws EgressException {
    Route r = routes.lookup(dst, src).orElseThrow(() -> noRoute(routes, dst));
    NetworkInterface nic =
        appliance.findInterface(r.device()).orElseThrow(() -> noRoute(routes, dst));
    return new Choice(nic, r.gateway(), reason);
  }

  private static EgressException noRoute(RoutingSnapshot routes, int dst) {
    return new EgressException(
        EgressException.Reason.NO_ROUTE,
        "no route to " + Ip4.toString(dst) + " in VDOM " + routes.vdom());
  }

  private static Choice specified(
      Appliance appliance, String vdom, RoutingSnapshot routes, String name, int dst)
      throws EgressException {
    if (name.isEmpty()) {
      throw new EgressException(
          EgressException.Reason.NO_SUCH_INTERFACE,
          "interface-select-method specify: no interface is set in config vpn certificate setting");
    }
    NetworkInterface nic =
        appliance
            .findInterface(name)
            .orElseThrow(
                () ->
                    new EgressException(
                        EgressException.Reason.NO_SUCH_INTERFACE,
                        "interface " + name + " does not exist"));
    if (!nic.vdom().equals(vdom)) {
      throw new EgressException(
          EgressException.Reason.WRONG_VDOM,
          "interface " + name + " belongs to VDOM " + nic.vdom() + ", not " + vdom);
    }
    if (!nic.isUp()) {
      throw new EgressException(
          EgressException.Reason.INTERFACE_DOWN,
          "interface "
              + name
              + " is down"
              + (nic.status() == NetworkInterface.Status.DOWN ? " (status down)" : " (link down)"));
    }
    return new Choice(nic, gatewayThrough(routes, name, dst), "specify: interface " + name);
  }

  /** The next hop of the best active route to {@code dst} out of {@code device}, else on-link. */
  private static int gatewayThrough(RoutingSnapshot routes, String device, int dst) {
    Route best = null;
    for (Route r : routes.activeRoutes()) {
      if (r.device().equals(device)
          && r.dst().contains(dst)
          && (best == null
              || r.dst().length() > best.dst().length()
              || r.dst().length() == best.dst().length()
                  && (r.distance() < best.distance()
                      || r.distance() == best.distance() && r.priority() < best.priority()))) {
        best = r;
      }
    }
    return best == null ? Ip4.ANY : best.gateway();
  }

  private static Choice bySdwan(
      Appliance appliance, String vdom, RoutingSnapshot routes, int dst, int src, SdwanStatus st)
      throws EgressException {
    if (st == null || !st.config().enabled()) {
      // FortiOS: with SD-WAN off, traffic follows the routing table.
      return byRoute(appliance, routes, dst, src, "sdwan: SD-WAN disabled, routing table");
    }
    for (SdwanService svc : st.config().services()) {
      if (!svc.enabled() || !svc.matches(dst)) {
        continue;
      }
      SdwanConfig.Member m = SdwanRules.selected(svc, st, appliance, vdom);
      if (m != null) { // no usable member: the rule is skipped, as FortiOS does
        return memberChoice(
            appliance,
            routes,
            m,
            dst,
            "sdwan: service "
                + svc.id()
                + (svc.name().isEmpty() ? "" : "(" + svc.name() + ")")
                + " mode "
                + svc.mode().keyword());
      }
    }
    return implicitRule(appliance, vdom, routes, dst, src, st);
  }

  /**
   * The implicit rule: among the equal-cost routes to {@code dst}, those out of usable SD-WAN
   * members share the traffic by load-balance-mode; without member routes the route lookup decides.
   */
  private static Choice implicitRule(
      Appliance appliance, String vdom, RoutingSnapshot routes, int dst, int src, SdwanStatus st)
      throws EgressException {
    List<Route> candidates = routes.candidates(dst);
    if (candidates.isEmpty()) {
      throw noRoute(routes, dst);
    }
    List<SdwanConfig.Member> alive = new ArrayList<>();
    boolean anyMember = false;
    for (SdwanConfig.Member m : st.config().members()) {
      if (candidates.stream().anyMatch(r -> r.device().equals(m.interfaceName()))) {
        anyMember = true;
        if (SdwanRules.usable(m, st, appliance, vdom)) {
          alive.add(m);
        }
      }
    }
    String mode = st.config().loadBalanceMode().keyword();
    if (!alive.isEmpty()) {
      SdwanConfig.Member m = SdwanRules.loadBalance(alive, st.config().loadBalanceMode(), src, dst);
      return memberChoice(appliance, routes, m, dst, "sdwan: implicit rule " + mode);
    }
    if (anyMember
        && candidates.stream()
            .allMatch(
                r ->
                    st.config().members().stream()
                        .anyMatch(m -> m.interfaceName().equals(r.device())))) {
      throw new EgressException(
          EgressException.Reason.NO_ALIVE_MEMBER,
          "no alive SD-WAN member routes " + Ip4.toString(dst) + " in VDOM " + vdom);
    }
    return byRoute(appliance, routes, dst, src, "sdwan: implicit rule, routing table");
  }

  private static Choice memberChoice(
      Appliance appliance, RoutingSnapshot routes, SdwanConfig.Member m, int dst, String reason)
      throws EgressException {
    Optional<NetworkInterface> nic = appliance.findInterface(m.interfaceName());
    if (nic.isEmpty()) {
      throw new EgressException(
          EgressException.Reason.NO_SUCH_INTERFACE,
          "SD-WAN member " + m.seq() + ": interface " + m.interfaceName() + " does not exist");
    }
    int gateway =
        m.gateway() != Ip4.ANY ? m.gateway() : gatewayThrough(routes, m.interfaceName(), dst);
    return new Choice(nic.get(), gateway, reason + ", member " + m.seq() + " " + m.interfaceName());
  }
}
