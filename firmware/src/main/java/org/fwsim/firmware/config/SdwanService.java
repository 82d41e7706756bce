package org.fwsim.firmware.config;

import java.util.List;
import java.util.Objects;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * One {@code config service} rule (IPv4 destinations only).
 *
 * @param id {@code edit <id>}, 1..4000
 * @param name {@code name}, may be empty
 * @param mode {@code mode}, default manual
 * @param dst {@code dst} address names; empty or {@code all} matches every destination. The
 *     simulator has no {@code config firewall address} table, so a name is written as the address
 *     itself: {@code a.b.c.d} or {@code a.b.c.d/n} (INFERENCE: a modelling shortcut)
 * @param priorityMembers {@code priority-members <seq...>}; empty (with no priority zone) means
 *     every member in configuration order
 * @param priorityZones {@code priority-zone <names...>}: the members of these zones, in
 *     configuration order, follow the priority-members
 * @param healthChecks {@code health-check <names>} (priority and auto modes measure with them)
 * @param slas {@code config sla}: {@code edit <health-check>} / {@code set id <sla-id>}
 * @param linkCostFactor the measurement priority and auto modes compare (latency: the CLI has no
 *     {@code link-cost-factor} on rules yet)
 * @param slaCompareMethod {@code sla-compare-method}, default order
 * @param enabled {@code status enable|disable}
 */
public record SdwanService(
    int id,
    String name,
    Mode mode,
    List<String> dst,
    List<Integer> priorityMembers,
    List<String> priorityZones,
    List<String> healthChecks,
    List<SdwanConfig.ServiceSla> slas,
    LinkCostFactor linkCostFactor,
    SlaCompareMethod slaCompareMethod,
    boolean enabled) {

  /** {@code set mode}. */
  public enum Mode implements CliKeyword {
    /** Priority-members in order; the first alive one. */
    MANUAL,
    /** The best link-cost-factor among alive priority-members. */
    PRIORITY,
    /** Members meeting the SLA targets first (lower cost, then order); else configured order. */
    SLA,
    /** Quality-based: the best link-cost-factor among every alive member. */
    AUTO
  }

  /** {@code link-cost-factor} of a rule (the measured ones). */
  public enum LinkCostFactor implements CliKeyword {
    LATENCY,
    JITTER,
    PACKET_LOSS
  }

  /** {@code set sla-compare-method}. */
  public enum SlaCompareMethod implements CliKeyword {
    /** Members meeting every SLA target are in SLA; order decides among them. */
    ORDER,
    /** The member meeting the most SLA targets wins. */
    NUMBER
  }

  /** Copies; null lists are empty and null enums their defaults. */
  public SdwanService {
    name = name == null ? "" : name;
    Objects.requireNonNull(mode, "SD-WAN service " + id + ": mode");
    dst = List.copyOf(dst == null ? List.of() : dst);
    priorityMembers = List.copyOf(priorityMembers == null ? List.of() : priorityMembers);
    priorityZones = List.copyOf(priorityZones == null ? List.of() : priorityZones);
    healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
    slas = List.copyOf(slas == null ? List.of() : slas);
    linkCostFactor = linkCostFactor == null ? LinkCostFactor.LATENCY : linkCostFactor;
    slaCompareMethod = slaCompareMethod == null ? SlaCompareMethod.ORDER : slaCompareMethod;
  }

  /** A manual rule: destinations through priority-members in order. */
  public static SdwanService manual(
      int id, String name, List<Ip4Prefix> dst, List<Integer> priorityMembers) {
    return new SdwanService(
        id, name, Mode.MANUAL, names(dst), priorityMembers, null, null, null, null, null, true);
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
        names(dst),
        priorityMembers,
        null,
        List.of(healthCheck),
        null,
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
      List<SdwanConfig.ServiceSla> slas) {
    return new SdwanService(
        id, name, Mode.SLA, names(dst), priorityMembers, null, null, slas, null, null, true);
  }

  private static List<String> names(List<Ip4Prefix> dst) {
    return dst.stream().map(Ip4Prefix::toString).toList();
  }

  /**
   * The destinations as prefixes; empty for every destination ({@code all} or nothing set).
   *
   * @throws IllegalArgumentException for a name that is not an address (see {@link
   *     SdwanConfig#problem()})
   */
  public List<Ip4Prefix> destinations() {
    if (dst.isEmpty() || dst.contains("all")) {
      return List.of();
    }
    return dst.stream()
        .map(
            n -> {
              Ip4Prefix p = prefix(n);
              if (p == null) {
                throw new IllegalArgumentException(
                    "SD-WAN service " + id + ": dst " + n + " is not an IPv4 address");
              }
              return p;
            })
        .toList();
  }

  /** Whether the rule's destinations contain {@code address}. */
  public boolean matches(int address) {
    List<Ip4Prefix> prefixes = destinations();
    if (prefixes.isEmpty()) {
      return true;
    }
    for (Ip4Prefix p : prefixes) {
      if (p.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The health checks whose measurements this rule uses: its SLA targets' and its own. */
  public List<String> measuredBy() {
    if (!slas.isEmpty()) {
      return slas.stream().map(SdwanConfig.ServiceSla::healthCheck).distinct().toList();
    }
    return healthChecks;
  }

  /** {@code a.b.c.d} or {@code a.b.c.d/n} as a prefix, else null. */
  static Ip4Prefix prefix(String name) {
    try {
      return name.contains("/") ? Ip4Prefix.parse(name) : Ip4Prefix.host(Ip4.parse(name));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
