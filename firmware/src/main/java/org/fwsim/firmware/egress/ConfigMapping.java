package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * The short, ordered conversion from the CLI's typed views ({@code config system sdwan}, {@code
 * config vpn certificate setting}) to this package's input records. Pure functions; a configuration
 * the simulator cannot carry gets an {@link IllegalArgumentException} naming the entry and the
 * value.
 */
final class ConfigMapping {

  private ConfigMapping() {}

  /** {@code interface-select-method} and {@code interface}. */
  static CertificateEgressSetting certificateSetting(VpnCertificateSetting s) {
    if (s == null) {
      return CertificateEgressSetting.AUTO;
    }
    return new CertificateEgressSetting(
        InterfaceSelectMethod.ofKeyword(s.interfaceSelectMethod().cli()), s.interfaceName());
  }

  /**
   * {@code config system sdwan}: members, then health checks, then services (they refer to both).
   */
  static SdwanConfig sdwan(org.fwsim.firmware.config.SdwanConfig cli) {
    if (cli == null || !cli.enabled()) {
      return SdwanConfig.DISABLED;
    }
    List<SdwanMember> members = new ArrayList<>();
    for (org.fwsim.firmware.config.SdwanConfig.Member m : cli.members()) {
      members.add(member(m));
    }
    List<HealthCheck> checks = new ArrayList<>();
    for (org.fwsim.firmware.config.SdwanConfig.HealthCheck h : cli.healthChecks()) {
      checks.add(healthCheck(h));
    }
    List<SdwanService> services = new ArrayList<>();
    for (org.fwsim.firmware.config.SdwanConfig.Service s : cli.services()) {
      services.add(service(s));
    }
    List<String> zones =
        cli.zones().stream().map(org.fwsim.firmware.config.SdwanConfig.Zone::name).toList();
    return new SdwanConfig(
        true, loadBalanceMode(cli.loadBalanceMode()), zones, members, checks, services);
  }

  static SdwanConfig.LoadBalanceMode loadBalanceMode(String keyword) {
    for (SdwanConfig.LoadBalanceMode m : SdwanConfig.LoadBalanceMode.values()) {
      if (m.keyword().equals(keyword)) {
        return m;
      }
    }
    throw new IllegalArgumentException("load-balance-mode '" + keyword + "' is not simulated");
  }

  private static SdwanMember member(org.fwsim.firmware.config.SdwanConfig.Member m) {
    if (m.seqNum() == 0) {
      throw new IllegalArgumentException("SD-WAN member 0: give the member a seq-num of 1..512");
    }
    int cost = (int) Math.min(Integer.MAX_VALUE, m.cost());
    return new SdwanMember(
        m.seqNum(),
        m.interfaceName(),
        m.zone(),
        m.gateway(),
        m.source(),
        m.priority(),
        m.weight(),
        cost,
        m.enabled());
  }

  private static HealthCheck healthCheck(org.fwsim.firmware.config.SdwanConfig.HealthCheck h) {
    if (h.servers().isEmpty()) {
      throw new IllegalArgumentException("health-check " + h.name() + " has no server");
    }
    // INFERENCE: with several servers FortiOS probes each; the simulator probes the first.
    int server = address(h.servers().get(0), "health-check " + h.name() + ": server");
    List<HealthCheck.Sla> slas = new ArrayList<>();
    for (org.fwsim.firmware.config.SdwanConfig.Sla s : h.slas()) {
      slas.add(
          new HealthCheck.Sla(
              s.id(),
              factors(s.linkCostFactor()),
              s.latencyThreshold(),
              s.jitterThreshold(),
              s.packetLossThreshold()));
    }
    // http-get is not in the typed view yet, so http probes ask for "/" (its default).
    return new HealthCheck(
        h.name(),
        server,
        protocol(h.name(), h.protocol()),
        h.port(),
        "/",
        h.intervalMs(),
        h.probeTimeoutMs(),
        h.failTime(),
        h.recoveryTime(),
        h.probeCount(),
        h.members(),
        h.updateStaticRoute(),
        slas);
  }

  private static HealthCheck.Protocol protocol(String check, String keyword) {
    for (HealthCheck.Protocol p : HealthCheck.Protocol.values()) {
      if (p.keyword().equals(keyword)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "health-check "
            + check
            + ": protocol "
            + keyword
            + " is not simulated (use ping, tcp-connect or http)");
  }

  private static Set<HealthCheck.Factor> factors(List<String> keywords) {
    Set<HealthCheck.Factor> out = EnumSet.noneOf(HealthCheck.Factor.class);
    for (String k : keywords) {
      switch (k) {
        case "latency" -> out.add(HealthCheck.Factor.LATENCY);
        case "jitter" -> out.add(HealthCheck.Factor.JITTER);
        case "packet-loss" -> out.add(HealthCheck.Factor.PACKET_LOSS);
        default -> {} // mos: no voice quality is measured, so it constrains nothing
      }
    }
    return out;
  }

  private static SdwanService service(org.fwsim.firmware.config.SdwanConfig.Service s) {
    List<Ip4Prefix> dst = new ArrayList<>();
    for (String name : s.dst()) {
      if (name.equals("all")) {
        dst.clear();
        break;
      }
      dst.add(destination(s.id(), name));
    }
    List<SdwanService.ServiceSla> slas =
        s.slas().stream().map(x -> new SdwanService.ServiceSla(x.healthCheck(), x.id())).toList();
    SdwanService.SlaCompareMethod compare =
        "number".equals(s.slaCompareMethod())
            ? SdwanService.SlaCompareMethod.NUMBER
            : SdwanService.SlaCompareMethod.ORDER;
    return new SdwanService(
        s.id(),
        s.name(),
        SdwanService.Mode.valueOf(s.mode().toUpperCase(Locale.ROOT)),
        dst,
        s.priorityMembers(),
        s.healthChecks(),
        slas,
        null,
        compare,
        s.enabled());
  }

  /**
   * A {@code dst} entry. The simulator has no {@code config firewall address} table, so an entry is
   * {@code all} or written as the address itself: {@code a.b.c.d} or {@code a.b.c.d/n} (INFERENCE:
   * a modelling shortcut, not FortiOS syntax).
   */
  private static Ip4Prefix destination(int service, String name) {
    try {
      return name.contains("/") ? Ip4Prefix.parse(name) : Ip4Prefix.host(Ip4.parse(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SD-WAN service "
              + service
              + ": dst "
              + name
              + " is not all, an IPv4 address or a.b.c.d/n (the simulator has no firewall address table)");
    }
  }

  private static int address(String text, String what) {
    try {
      return Ip4.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " " + text + " is not an IPv4 address (the simulated network has no DNS)");
    }
  }
}
