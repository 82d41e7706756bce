package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * The text of {@code diagnose sys sdwan health-check}, {@code service} and {@code member}, in the
 * shapes of published FortiOS output (fortios.md §9.3), from a {@link SdwanStatus}.
 */
public final class SdwanDiagnose {

  /**
   * FortiOS prints this when no {@code estimated-upstream/downstream-bandwidth} is set; the
   * simulator measures no bandwidth, so every member shows it.
   */
  static final long UNLIMITED_BANDWIDTH = 9_999_999L;

  private SdwanDiagnose() {}

  /**
   * {@code diagnose sys sdwan health-check [<name>]}: one block per check, one line per member.
   *
   * @param name a check's name, or null for all
   * @throws IllegalArgumentException naming a check that does not exist
   */
  public static String healthCheck(SdwanStatus status, String name) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (SdwanHealthCheck check : status.config().healthChecks()) {
      if (name != null && !check.name().equals(name)) {
        continue;
      }
      found = true;
      out.append("Health Check(").append(check.name()).append("):\n");
      List<MemberHealth> members = status.health().getOrDefault(check.name(), List.of());
      for (MemberHealth mh : members) {
        out.append(healthLine(mh)).append('\n');
      }
    }
    if (name != null && !found) {
      throw new IllegalArgumentException("health-check " + name + " does not exist");
    }
    return out.toString();
  }

  static String healthLine(MemberHealth mh) {
    String head =
        String.format(
            Locale.ROOT,
            "Seq(%d %s): state(%s), packet-loss(%.3f%%) ",
            mh.seq(),
            mh.interfaceName(),
            mh.alive() ? "alive" : "dead",
            mh.packetLossPercent());
    if (!mh.alive()) {
      return head + String.format(Locale.ROOT, "sla_map=0x%x", mh.slaMap());
    }
    return head
        + String.format(
            Locale.ROOT,
            "latency(%.3f), jitter(%.3f), bandwidth-up(%d), bandwidth-dw(%d), "
                + "bandwidth-bi(%d) sla_map=0x%x",
            mh.latencyMillis(),
            mh.jitterMillis(),
            UNLIMITED_BANDWIDTH,
            UNLIMITED_BANDWIDTH,
            2 * UNLIMITED_BANDWIDTH,
            mh.slaMap());
  }

  /**
   * {@code diagnose sys sdwan service [<id>]}: each rule with its members in preference order;
   * {@code selected} marks members the rule may use now.
   *
   * @param id a rule id, or null for all
   * @throws IllegalArgumentException naming a rule that does not exist
   */
  public static String service(SdwanStatus status, Appliance appliance, String vdom, Integer id) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (SdwanService svc : status.config().services()) {
      if (id != null && svc.id() != id) {
        continue;
      }
      found = true;
      appendService(out, svc, status, appliance, vdom);
    }
    if (id != null && !found) {
      throw new IllegalArgumentException("SD-WAN service " + id + " does not exist");
    }
    return out.toString();
  }

  private static void appendService(
      StringBuilder out, SdwanService svc, SdwanStatus status, Appliance appliance, String vdom) {
    // flags=0x200 is use-shortcut-sla, enabled by default (SDW746); the simulator has no other
    // flags.
    out.append("Service(")
        .append(svc.id())
        .append("): Address Mode(IPV4) flags=0x200 use-shortcut-sla\n");
    out.append("  Gen(")
        .append(status.generation())
        .append("), TOS(0x0/0x0), Protocol(0: 1->65535), Mode(")
        .append(svc.mode().keyword())
        .append(')')
        .append(modeDetail(svc))
        .append('\n');
    List<SdwanRules.Ranked> ranked = SdwanRules.rank(svc, status, appliance, vdom);
    out.append("  Members(").append(ranked.size()).append("):\n");
    int n = 1;
    for (SdwanRules.Ranked r : ranked) {
      out.append(
          String.format(
              Locale.ROOT,
              "    %d: Seq_num(%d %s), %s, sla(0x%x), gid(0), cfg_order(%d), cost(%d)%s\n",
              n++,
              r.member().seq(),
              r.member().interfaceName(),
              r.usable() ? "alive" : "dead",
              r.slaBits(),
              r.cfgOrder(),
              r.member().cost(),
              r.usable() ? ", selected" : ""));
    }
    List<Ip4Prefix> dst =
        svc.destinations().isEmpty() ? List.of(Ip4Prefix.DEFAULT) : svc.destinations();
    out.append("  Dst address(").append(dst.size()).append("):\n");
    for (Ip4Prefix p : dst) {
      out.append("        ")
          .append(Ip4.toString(p.network()))
          .append('-')
          .append(Ip4.toString(p.network() | ~p.mask()))
          .append('\n');
    }
  }

  /**
   * What follows {@code Mode(...)}: the SLA compare method for sla rules (LAB sample), the
   * measurement for priority rules (INFERENCE: FortiOS spells it {@code heath-check}).
   */
  private static String modeDetail(SdwanService svc) {
    return switch (svc.mode()) {
      case SLA -> ", sla-compare-" + svc.slaCompareMethod().keyword();
      case PRIORITY, AUTO ->
          ", link-cost-factor("
              + svc.linkCostFactor().keyword()
              + "), link-cost-threshold(10), heath-check("
              + String.join(" ", svc.measuredBy())
              + ")";
      case MANUAL -> "";
    };
  }

  /**
   * {@code diagnose sys sdwan member}: one line per member by seq-num. {@code priority: P 1024} is
   * the IPv4 and the (default) IPv6 priority. INFERENCE: flags are 0x0 for a member with a static
   * gateway (the LAB sample's 0x8 is a PPPoE member's).
   */
  public static String member(SdwanStatus status) {
    StringBuilder out = new StringBuilder();
    status.config().members().stream()
        .sorted(Comparator.comparingInt(Member::seq))
        .forEach(
            m ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "Member(%d): interface: %s, flags=0x0 , gateway: %s, "
                            + "priority: %d 1024, weight: %d\n",
                        m.seq(),
                        m.interfaceName(),
                        Ip4.toString(m.gateway()),
                        m.priority(),
                        m.weight())));
    return out.toString();
  }

  /**
   * {@code diagnose sys sdwan zone}: one line per zone, {@code virtual-wan-link} first, with the
   * interfaces of its members in configuration order. INFERENCE: the line's form is from memory of
   * FortiOS 7.x consoles; fortios.md §9.3 has no sample (the default zone from §9.1).
   */
  public static String zone(SdwanStatus status) {
    List<String> names = new ArrayList<>();
    names.add(Member.DEFAULT_ZONE);
    status
        .config()
        .zones()
        .forEach(
            z -> {
              if (!names.contains(z.name())) {
                names.add(z.name());
              }
            });
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append("Zone ").append(names.get(i)).append(" index=").append(i + 1).append(':');
      for (Member m : status.config().members()) {
        if (m.zone().equals(names.get(i))) {
          out.append(' ').append(m.interfaceName());
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
