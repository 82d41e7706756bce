package org.fwsim.firmware.config;

import java.util.List;

/** Effective {@code config system sdwan}: zones, members, health checks and rules. */
public record SdwanConfig(
    boolean enabled,
    String loadBalanceMode,
    List<Zone> zones,
    List<Member> members,
    List<HealthCheck> healthChecks,
    List<Service> services) {

  public SdwanConfig {
    zones = List.copyOf(zones);
    members = List.copyOf(members);
    healthChecks = List.copyOf(healthChecks);
    services = List.copyOf(services);
  }

  /** {@code config zone} entry. */
  public record Zone(String name, String serviceSlaTieBreak) {}

  /** {@code config members} entry. */
  public record Member(
      int seqNum,
      String interfaceName,
      String zone,
      int gateway,
      int source,
      int priority,
      int weight,
      long cost,
      boolean enabled) {}

  /** {@code config health-check} entry with its {@code config sla} entries. */
  public record HealthCheck(
      String name,
      List<String> servers,
      String protocol,
      int port,
      int intervalMs,
      int probeTimeoutMs,
      int failTime,
      int recoveryTime,
      int probeCount,
      boolean updateStaticRoute,
      List<Integer> members,
      List<Sla> slas) {
    public HealthCheck {
      servers = List.copyOf(servers);
      members = List.copyOf(members);
      slas = List.copyOf(slas);
    }
  }

  /** {@code config sla} entry of a health check. */
  public record Sla(
      int id,
      List<String> linkCostFactor,
      int latencyThreshold,
      int jitterThreshold,
      int packetLossThreshold) {
    public Sla {
      linkCostFactor = List.copyOf(linkCostFactor);
    }
  }

  /** {@code config service} entry (an SD-WAN rule). */
  public record Service(
      int id,
      String name,
      String mode,
      List<String> dst,
      List<String> src,
      List<String> healthChecks,
      List<ServiceSla> slas,
      List<Integer> priorityMembers,
      List<String> priorityZones,
      String slaCompareMethod,
      String tieBreak,
      boolean enabled) {
    public Service {
      dst = List.copyOf(dst);
      src = List.copyOf(src);
      healthChecks = List.copyOf(healthChecks);
      slas = List.copyOf(slas);
      priorityMembers = List.copyOf(priorityMembers);
      priorityZones = List.copyOf(priorityZones);
    }
  }

  /** {@code config sla} entry of a rule: which health check and which of its SLAs. */
  public record ServiceSla(String healthCheck, int id) {}
}
