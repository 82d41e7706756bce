package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fwsim.firmware.config.LoadBalanceMode;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanConfig.ServiceSla;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;

/**
 * The SD-WAN decisions as pure functions of a {@link SdwanStatus} and the appliance's interfaces:
 * which members a service rule prefers, in which order, and which member the implicit rule's
 * load-balance-mode takes. Shared by the selector and the {@code diagnose sys sdwan service} text.
 */
final class SdwanRules {

  /**
   * One member as a service rule sees it.
   *
   * @param cfgOrder its position in the rule's priority-members (or configuration) order
   * @param usable enabled, interface up in the VDOM and alive in every health check
   * @param slaBits bit i set when the i-th SLA target of the rule is met
   * @param metric the link-cost-factor measurement (priority and auto modes), lower is better
   */
  record Ranked(Member member, int cfgOrder, boolean usable, int slaBits, double metric) {}

  private SdwanRules() {}

  /** The rule's members, most preferred first; unusable ones last, in configuration order. */
  static List<Ranked> rank(SdwanService svc, SdwanStatus st, Appliance appliance, String vdom) {
    SdwanConfig cfg = st.config();
    List<Member> candidates = new ArrayList<>();
    boolean chosen = !svc.priorityMembers().isEmpty() || !svc.priorityZones().isEmpty();
    if (!chosen || svc.mode() == SdwanService.Mode.AUTO) {
      candidates.addAll(cfg.members());
    } else {
      for (int seq : svc.priorityMembers()) {
        candidates.add(cfg.member(seq));
      }
      for (Member m : cfg.members()) {
        if (svc.priorityZones().contains(m.zone()) && !candidates.contains(m)) {
          candidates.add(m);
        }
      }
    }
    List<Ranked> ranked = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Member m = candidates.get(i);
      ranked.add(
          new Ranked(
              m, i, usable(m, st, appliance, vdom), slaBits(svc, st, m), metric(svc, st, m)));
    }
    Comparator<Ranked> usableFirst = Comparator.comparing(r -> !r.usable());
    Comparator<Ranked> order =
        switch (svc.mode()) {
          case MANUAL -> usableFirst;
          case PRIORITY, AUTO -> usableFirst.thenComparingDouble(Ranked::metric);
          case SLA ->
              svc.slaCompareMethod() == SdwanService.SlaCompareMethod.ORDER
                  ? usableFirst
                      .thenComparing(r -> !inSla(svc, r))
                      .thenComparingLong(r -> inSla(svc, r) ? r.member().cost() : 0)
                  : usableFirst
                      .thenComparing(r -> -Integer.bitCount(r.slaBits()))
                      .thenComparingLong(r -> r.member().cost());
        };
    ranked.sort(
        order.thenComparingInt(Ranked::cfgOrder)); // stable: configuration order breaks ties
    return ranked;
  }

  /** The member a rule selects, or null when none is usable (the rule is then skipped). */
  static Member selected(SdwanService svc, SdwanStatus st, Appliance appliance, String vdom) {
    List<Ranked> ranked = rank(svc, st, appliance, vdom);
    return ranked.isEmpty() || !ranked.get(0).usable() ? null : ranked.get(0).member();
  }

  static boolean inSla(SdwanService svc, Ranked r) {
    return !svc.slas().isEmpty() && Integer.bitCount(r.slaBits()) == svc.slas().size();
  }

  /** Enabled, its interface exists in the VDOM and is up, and no health check says dead. */
  static boolean usable(Member m, SdwanStatus st, Appliance appliance, String vdom) {
    if (!m.enabled()) {
      return false;
    }
    NetworkInterface nic = appliance.findInterface(m.interfaceName()).orElse(null);
    return nic != null && nic.vdom().equals(vdom) && nic.isUp() && st.isAlive(m.seq());
  }

  private static int slaBits(SdwanService svc, SdwanStatus st, Member m) {
    int bits = 0;
    List<ServiceSla> slas = svc.slas();
    for (int i = 0; i < slas.size(); i++) {
      MemberHealth mh = st.health(slas.get(i).healthCheck(), m.seq());
      if (mh != null && mh.alive() && mh.meets(slas.get(i).id())) {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  private static double metric(SdwanService svc, SdwanStatus st, Member m) {
    for (String check : svc.measuredBy()) {
      MemberHealth mh = st.health(check, m.seq());
      if (mh != null) {
        return mh.cost(svc.linkCostFactor());
      }
    }
    return Double.MAX_VALUE; // not measured: after every measured member
  }

  /**
   * The implicit rule: one of {@code alive} (non-empty, configuration order) by load-balance-mode.
   * Hashes are deterministic so one flow keeps its member while the set does not change.
   */
  static Member loadBalance(List<Member> alive, LoadBalanceMode mode, int src, int dst) {
    int n = alive.size();
    if (n == 1) {
      return alive.get(0);
    }
    return switch (mode) {
      case SOURCE_IP_BASED -> alive.get(Math.floorMod(Ip4.mix(src), n));
      case SOURCE_DEST_IP_BASED, MEASURED_VOLUME_BASED ->
          alive.get(Math.floorMod(Ip4.mix(src * 0x9E3779B9 ^ dst), n));
      case USAGE_BASED -> alive.get(0);
      case WEIGHT_BASED -> byWeight(alive, Ip4.mix(src * 0x9E3779B9 ^ dst));
    };
  }

  private static Member byWeight(List<Member> alive, int hash) {
    int total = 0;
    for (Member m : alive) {
      total += m.weight();
    }
    if (total == 0) {
      return alive.get(Math.floorMod(hash, alive.size()));
    }
    int point = Math.floorMod(hash, total);
    for (Member m : alive) {
      point -= m.weight();
      if (point < 0) {
        return m;
      }
    }
    return alive.get(alive.size() - 1);
  }
}
