package org.fwsim.firmware.config;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.net.Ip4;

/**
 * Effective {@code config system sdwan} of one VDOM: zones, members, health checks and rules, as
 * the egress and health daemons read it. Immutable.
 *
 * <p>Values the CLI accepts but the simulator cannot carry (a health check by name, an address
 * object in a rule's {@code dst}, a probe protocol it does not model) are kept as configured;
 * {@link #problem()} names the first one, and the egress daemon refuses such a configuration then.
 *
 * @param enabled {@code status enable|disable} (default disable)
 * @param loadBalanceMode {@code load-balance-mode} of the implicit rule
 * @param zones {@code config zone}; {@code virtual-wan-link} needs no entry
 * @param members {@code config members}, in configuration order
 * @param healthChecks {@code config health-check}
 * @param services {@code config service}, in rule order
 */
public record SdwanConfig(
    boolean enabled,
    LoadBalanceMode loadBalanceMode,
    List<Zone> zones,
    List<Member> members,
    List<SdwanHealthCheck> healthChecks,
    List<SdwanService> services) {

  /** SD-WAN off: {@code status disable}, nothing configured. */
  public static final SdwanConfig DISABLED =
      new SdwanConfig(
          false, LoadBalanceMode.SOURCE_IP_BASED, List.of(), List.of(), List.of(), List.of());

  /** Copies; a null mode is the default. */
  public SdwanConfig {
    loadBalanceMode = loadBalanceMode == null ? LoadBalanceMode.SOURCE_IP_BASED : loadBalanceMode;
    zones = List.copyOf(zones == null ? List.of() : zones);
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    healthChecks = List.copyOf(Objects.requireNonNull(healthChecks, "health checks"));
    services = List.copyOf(Objects.requireNonNull(services, "services"));
  }

  /** An enabled SD-WAN with the default load-balance-mode and no zones. */
  public static SdwanConfig of(
      List<Member> members, List<SdwanHealthCheck> healthChecks, List<SdwanService> services) {
    return new SdwanConfig(
        true, LoadBalanceMode.SOURCE_IP_BASED, List.of(), members, healthChecks, services);
  }

  /** This configuration with another {@code load-balance-mode}. */
  public SdwanConfig withLoadBalanceMode(LoadBalanceMode mode) {
    return new SdwanConfig(enabled, mode, zones, members, healthChecks, services);
  }

  /** The member with that seq-num, or null. */
  public Member member(int seq) {
    for (Member m : members) {
      if (m.seq() == seq) {
        return m;
      }
    }
    return null;
  }

  /** The health check with that name, or null. */
  public SdwanHealthCheck healthCheck(String name) {
    for (SdwanHealthCheck h : healthChecks) {
      if (h.name().equals(name)) {
        return h;
      }
    }
    return null;
  }

  /**
   * The first thing the simulator cannot carry, or null: dangling references (members, zones,
   * health checks, SLAs), a member without a seq-num, a health check without an address to probe or
   * with an unmodelled protocol, a rule destination that is not an address. A pure function.
   */
  public String problem() {
    Set<Integer> seqs = new HashSet<>();
    Set<String> interfaces = new HashSet<>();
    Set<String> zoneNames = new HashSet<>();
    zones.forEach(z -> zoneNames.add(z.name()));
    for (Member m : members) {
      if (m.seq() == 0) {
        return "SD-WAN member 0: give the member a seq-num of 1..512";
      }
      if (!seqs.add(m.seq())) {
        return "SD-WAN member seq-num " + m.seq() + " is used twice";
      }
      if (!interfaces.add(m.interfaceName())) {
        return "interface " + m.interfaceName() + " is an SD-WAN member twice";
      }
      if (!m.zone().equals(Member.DEFAULT_ZONE) && !zoneNames.contains(m.zone())) {
        return "SD-WAN member " + m.seq() + ": zone " + m.zone() + " does not exist";
      }
    }
    Set<String> checkNames = new HashSet<>();
    for (SdwanHealthCheck h : healthChecks) {
      if (!checkNames.add(h.name())) {
        return "health-check " + h.name() + " is defined twice";
      }
      String p = h.problem();
      if (p != null) {
        return p;
      }
      for (int seq : h.members()) {
        if (!seqs.contains(seq)) {
          return "health-check " + h.name() + ": member " + seq + " does not exist";
        }
      }
    }
    Set<Integer> serviceIds = new HashSet<>();
    for (SdwanService s : services) {
      if (!serviceIds.add(s.id())) {
        return "SD-WAN service " + s.id() + " is defined twice";
      }
      String p = serviceProblem(s, seqs);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String serviceProblem(SdwanService s, Set<Integer> seqs) {
    for (String zone : s.priorityZones()) {
      if (!zone.equals(Member.DEFAULT_ZONE)
          && zones.stream().noneMatch(z -> z.name().equals(zone))) {
        return "SD-WAN service " + s.id() + ": zone " + zone + " does not exist";
      }
    }
    for (String name : s.dst()) {
      if (!name.equals("all") && SdwanService.prefix(name) == null) {
        return "SD-WAN service "
            + s.id()
            + ": dst "
            + name
            + " is not all, an IPv4 address or a.b.c.d/n (the simulator has no firewall address table)";
      }
    }
    for (int seq : s.priorityMembers()) {
      if (!seqs.contains(seq)) {
        return "SD-WAN service " + s.id() + ": member " + seq + " does not exist";
      }
    }
    for (String hc : s.healthChecks()) {
      if (healthCheck(hc) == null) {
        return "SD-WAN service " + s.id() + ": health-check " + hc + " does not exist";
      }
    }
    for (ServiceSla sla : s.slas()) {
      SdwanHealthCheck h = healthCheck(sla.healthCheck());
      if (h == null) {
        return "SD-WAN service "
            + s.id()
            + ": health-check "
            + sla.healthCheck()
            + " does not exist";
      }
      if (h.sla(sla.id()) == null) {
        return "SD-WAN service "
            + s.id()
            + ": health-check "
            + h.name()
            + " has no SLA "
            + sla.id();
      }
    }
    return null;
  }

  /** {@code config zone} entry. */
  public record Zone(String name, String serviceSlaTieBreak) {}

  /**
   * One {@code config members} entry.
   *
   * @param seq {@code edit <seq-num>}, 1..512 (0 is refused by {@link SdwanConfig#problem()})
   * @param interfaceName {@code interface}
   * @param zone {@code zone}, default {@code virtual-wan-link}
   * @param gateway {@code gateway}, {@link Ip4#ANY} when unset
   * @param source {@code source} (health-check source), {@link Ip4#ANY} when unset
   * @param priority {@code priority} 1..65535, default 1
   * @param weight {@code weight}, default 1 (weight-based load balancing)
   * @param cost {@code cost}, default 0 (SLA-mode tie-break, lower first)
   * @param enabled {@code status enable|disable}
   */
  public record Member(
      int seq,
      String interfaceName,
      String zone,
      int gateway,
      int source,
      int priority,
      int weight,
      long cost,
      boolean enabled) {

    /** The default zone of a member. */
    public static final String DEFAULT_ZONE = "virtual-wan-link";

    /** A blank zone is the default one. */
    public Member {
      Objects.requireNonNull(interfaceName, "interface");
      zone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone;
    }

    /** A member with the FortiOS defaults and a gateway. */
    public static Member of(int seq, String interfaceName, int gateway) {
      return new Member(seq, interfaceName, DEFAULT_ZONE, gateway, Ip4.ANY, 1, 1, 0, true);
    }

    /** This member with another {@code priority}. */
    public Member withPriority(int value) {
      return new Member(seq, interfaceName, zone, gateway, source, value, weight, cost, enabled);
    }

    /** This member with another {@code cost}. */
    public Member withCost(long value) {
      return new Member(
          seq, interfaceName, zone, gateway, source, priority, weight, value, enabled);
    }

    /** This member enabled or disabled. */
    public Member withEnabled(boolean value) {
      return new Member(seq, interfaceName, zone, gateway, source, priority, weight, cost, value);
    }
  }

  /**
   * One SLA target of a rule: a health check and one of its SLA ids.
   *
   * @param healthCheck the health check's name
   * @param id the SLA id inside that health check
   */
  public record ServiceSla(String healthCheck, int id) {}

  /** The factors of a CLI {@code link-cost-factor} list. */
  public static Set<SdwanHealthCheck.Factor> factors(List<String> keywords) {
    Set<SdwanHealthCheck.Factor> out = EnumSet.noneOf(SdwanHealthCheck.Factor.class);
    keywords.forEach(k -> out.add(CliKeyword.fromCli(SdwanHealthCheck.Factor.class, k)));
    return out;
  }
}
