package org.fwsim.firmware.egress;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One VDOM's {@code config system sdwan}, as the egress and health daemons read it: immutable,
 * checked for dangling references when built.
 *
 * @param enabled {@code status enable|disable} (default disable)
 * @param loadBalanceMode {@code load-balance-mode} of the implicit rule
 * @param zones {@code config zone} names; {@code virtual-wan-link} is always there
 * @param members {@code config members}, in configuration order
 * @param healthChecks {@code config health-check}
 * @param services {@code config service}, in rule order
 */
public record SdwanConfig(
    boolean enabled,
    LoadBalanceMode loadBalanceMode,
    List<String> zones,
    List<SdwanMember> members,
    List<HealthCheck> healthChecks,
    List<SdwanService> services) {

  /** SD-WAN off: {@code status disable}, nothing configured. */
  public static final SdwanConfig DISABLED =
      new SdwanConfig(false, null, List.of(), List.of(), List.of(), List.of());

  /** {@code set load-balance-mode}. */
  public enum LoadBalanceMode {
    /** A hash of the source address (the default). */
    SOURCE_IP_BASED,
    /** A hash of source and destination. */
    SOURCE_DEST_IP_BASED,
    /** Members in proportion to their weight, by a hash of source and destination. */
    WEIGHT_BASED,
    /** Spillover: the first member in order (no spillover thresholds are modelled). */
    USAGE_BASED,
    /** INFERENCE: no volume is measured, so spread by a hash of source and destination. */
    MEASURED_VOLUME_BASED;

    /** The FortiOS CLI keyword. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Validates references: member seqs unique, checks and services naming existing members and
   * checks.
   */
  public SdwanConfig {
    loadBalanceMode = loadBalanceMode == null ? LoadBalanceMode.SOURCE_IP_BASED : loadBalanceMode;
    zones = List.copyOf(zones == null ? List.of() : zones);
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    healthChecks = List.copyOf(Objects.requireNonNull(healthChecks, "health checks"));
    services = List.copyOf(Objects.requireNonNull(services, "services"));
    Set<Integer> seqs = new HashSet<>();
    Set<String> interfaces = new HashSet<>();
    for (SdwanMember m : members) {
      if (!seqs.add(m.seq())) {
        throw new IllegalArgumentException("SD-WAN member seq-num " + m.seq() + " is used twice");
      }
      if (!interfaces.add(m.interfaceName())) {
        throw new IllegalArgumentException(
            "interface " + m.interfaceName() + " is an SD-WAN member twice");
      }
      if (!m.zone().equals(SdwanMember.DEFAULT_ZONE) && !zones.contains(m.zone())) {
        throw new IllegalArgumentException(
            "SD-WAN member " + m.seq() + ": zone " + m.zone() + " does not exist");
      }
    }
    Set<String> checkNames = new HashSet<>();
    for (HealthCheck h : healthChecks) {
      if (!checkNames.add(h.name())) {
        throw new IllegalArgumentException("health-check " + h.name() + " is defined twice");
      }
      for (int seq : h.members()) {
        if (!seqs.contains(seq)) {
          throw new IllegalArgumentException(
              "health-check " + h.name() + ": member " + seq + " does not exist");
        }
      }
    }
    Set<Integer> serviceIds = new HashSet<>();
    for (SdwanService s : services) {
      if (!serviceIds.add(s.id())) {
        throw new IllegalArgumentException("SD-WAN service " + s.id() + " is defined twice");
      }
      for (int seq : s.priorityMembers()) {
        if (!seqs.contains(seq)) {
          throw new IllegalArgumentException(
              "SD-WAN service " + s.id() + ": member " + seq + " does not exist");
        }
      }
      for (String hc : s.healthChecks()) {
        if (!checkNames.contains(hc)) {
          throw new IllegalArgumentException(
              "SD-WAN service " + s.id() + ": health-check " + hc + " does not exist");
        }
      }
      for (SdwanService.ServiceSla sla : s.slas()) {
        HealthCheck h =
            healthChecks.stream()
                .filter(c -> c.name().equals(sla.healthCheck()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "SD-WAN service "
                                + s.id()
                                + ": health-check "
                                + sla.healthCheck()
                                + " does not exist"));
        if (h.sla(sla.id()) == null) {
          throw new IllegalArgumentException(
              "SD-WAN service "
                  + s.id()
                  + ": health-check "
                  + h.name()
                  + " has no SLA "
                  + sla.id());
        }
      }
    }
  }

  /** An enabled SD-WAN with the default load-balance-mode. */
  public static SdwanConfig of(
      List<SdwanMember> members, List<HealthCheck> healthChecks, List<SdwanService> services) {
    return new SdwanConfig(
        true, LoadBalanceMode.SOURCE_IP_BASED, List.of(), members, healthChecks, services);
  }

  /** This configuration with another {@code load-balance-mode}. */
  public SdwanConfig withLoadBalanceMode(LoadBalanceMode mode) {
    return new SdwanConfig(enabled, mode, zones, members, healthChecks, services);
  }

  /** The member with that seq-num, or null. */
  SdwanMember member(int seq) {
    for (SdwanMember m : members) {
      if (m.seq() == seq) {
        return m;
      }
    }
    return null;
  }

  /** The health check with that name, or null. */
  HealthCheck healthCheck(String name) {
    for (HealthCheck h : healthChecks) {
      if (h.name().equals(name)) {
        return h;
      }
    }
    return null;
  }
}
