package org.fwsim.firmware.egress;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * One {@code config system sdwan} / {@code config service} rule (IPv4 destinations only).
 *
 * @param id {@code edit <id>}, 1..4000
 * @param name {@code name}, may be empty
 * @param mode {@code mode}, default manual
 * @param dst {@code dst} as prefixes; empty matches every destination (INFERENCE: as an "all"
 *     address)
 * @param priorityMembers {@code priority-members <seq...>}; empty means every member in
 *     configuration order
 * @param healthChecks {@code health-check <names>} (priority and auto modes measure with them)
 * @param slas {@code config sla} entries: {@code edit <health-check>} / {@code set id <sla-id>}
 *     (sla mode)
 * @param linkCostFactor {@code link-cost-factor}, default latency (priority and auto modes)
 * @param slaCompareMethod {@code sla-compare-method}, default order
 * @param enabled {@code status enable|disable}
 */
public record SdwanService(
    int id,
    String name,
    Mode mode,
    List<Ip4Prefix> dst,
    List<Integer> priorityMembers,
    List<String> healthChecks,
    List<ServiceSla> slas,
    LinkCostFactor linkCostFactor,
    SlaCompareMethod slaCompareMethod,
    boolean enabled) {

  /** {@code set mode}. */
  public enum Mode {
    /** Priority-members in order; the first alive one. */
    MANUAL,
    /** The best link-cost-factor among alive priority-members. */
    PRIORITY,
    /**
     * Members meeting the SLA targets first (lower cost, then order); else the configured order.
     */
    SLA,
    /** Quality-based: the best link-cost-factor among every alive member. */
    AUTO;

    /** The FortiOS CLI keyword, also printed in {@code Mode(...)}. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code set link-cost-factor} (the measured ones). */
  public enum LinkCostFactor {
    LATENCY,
    JITTER,
    PACKET_LOSS;

    /** The FortiOS CLI keyword. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** {@code set sla-compare-method}. */
  public enum SlaCompareMethod {
    /** Members meeting every SLA target are in SLA; order decides among them. */
    ORDER,
    /** The member meeting the most SLA targets wins. */
    NUMBER;

    /** The FortiOS CLI keyword. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One SLA target of a service: a health check and one of its SLA ids.
   *
   * @param healthCheck the health check's name
   * @param id the SLA id inside that health check
   */
  public record ServiceSla(String healthCheck, int id) {
    /** Both fields are required. */
    public ServiceSla {
      if (healthCheck == null || healthCheck.isBlank()) {
        throw new IllegalArgumentException("service SLA needs a health-check name");
      }
      if (id < 1 || id > 32) {
        throw new IllegalArgumentException("service SLA id " + id + " is outside 1..32");
      }
    }
  }

  /** Validates and copies. */
  public SdwanService {
    if (id < 1 || id > 4000) {
      throw new IllegalArgumentException("SD-WAN service id " + id + " is outside 1..4000");
    }
    name = name == null ? "" : name;
    Objects.requireNonNull(mode, "SD-WAN service " + id + ": mode");
    dst = List.copyOf(dst == null ? List.of() : dst);
    priorityMembers = List.copyOf(priorityMembers == null ? List.of() : priorityMembers);
    healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
    slas = List.copyOf(slas == null ? List.of() : slas);
    linkCostFactor = linkCostFactor == null ? LinkCostFactor.LATENCY : linkCostFactor;
    slaCompareMethod = slaCompareMethod == null ? SlaCompareMethod.ORDER : slaCompareMethod;
  }

  /** A manual rule: destinations through priority-members in order. */
  public static SdwanService manual(
      int id, String name, List<Ip4Prefix> dst, List<Integer> priorityMembers) {
    return new SdwanService(
        id, name, Mode.MANUAL, dst, priorityMembers, List.of(), List.of(), null, null, true);
  }

  /** A priority rule measured by {@code healthCheck} on {@code factor}. */
  public static SdwanService priority(
      int id,
      String name,
      List<Ip4Prefix> dst,
      List<Integer> priorityMembers,
      String healthCheck,
      LinkCostFactor factor) {
    return new SdwanService(
        id,
        name,
        Mode.PRIORITY,
        dst,
        priorityMembers,
        List.of(healthCheck),
        List.of(),
        factor,
        null,
        true);
  }

  /** An SLA rule with its targets. */
  public static SdwanService sla(
      int id,
      String name,
      List<Ip4Prefix> dst,
      List<Integer> priorityMembers,
      List<ServiceSla> slas) {
    return new SdwanService(
        id, name, Mode.SLA, dst, priorityMembers, List.of(), slas, null, null, true);
  }

  /** Whether the rule's destinations contain {@code address}. */
  public boolean matches(int address) {
    if (dst.isEmpty()) {
      return true;
    }
    for (Ip4Prefix p : dst) {
      if (p.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The health checks whose measurements this rule uses: its SLA targets' and {@code health-check}.
   */
  List<String> measuredBy() {
    if (!slas.isEmpty()) {
      return slas.stream().map(ServiceSla::healthCheck).distinct().toList();
    }
    return healthChecks;
  }
}
