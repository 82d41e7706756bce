package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateCrlConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.CmpSettings;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.config.EstSettings;
import org.fwsim.firmware.config.InterfaceConfig;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.config.LoadBalanceMode;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.firmware.config.SdwanService;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.config.StaticRouteConfig;
import org.fwsim.firmware.config.SystemGlobalConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4InterfaceAddress;
import org.fwsim.hal.net.Ip4Prefix;

/** The conversion from the CLI tree to the typed, immutable views daemons read. */
final class TypedViews {
  private TypedViews() {}

  static ApplianceConfig of(ConfigTree tree) {
    Map<String, VdomConfig> vdoms = new LinkedHashMap<>();
    for (var e : tree.vdomMap().entrySet()) {
      vdoms.put(e.getKey(), vdom(e.getKey(), e.getValue()));
    }
    return new ApplianceConfig(global(tree), interfaces(tree), vdoms);
  }

  /**
   * The view after a commit to the top-level table {@code path}: only the part of {@code old} that
   * table feeds is read again, the rest is shared, so a commit costs what it changed and readers
   * can tell unchanged parts by identity.
   *
   * @param vdom the VDOM of a VDOM-scope table
   * @param key the one entry of {@code path} that was edited, created or deleted; null when more of
   *     the table may have changed
   */
  static ApplianceConfig after(
      ApplianceConfig old, ConfigTree tree, String vdom, String path, String key) {
    NodeSchema top = path.isEmpty() ? null : FortiSchema.ROOT.child(path);
    if (top == null) {
      return of(tree); // a file load or references renamed anywhere ("") or VDOMs made or deleted
    }
    if (top.scope() == NodeSchema.Scope.VDOM) {
      ConfigObject scope = tree.vdom(vdom);
      return scope == null ? of(tree) : withVdom(old, vdom, scope);
    }
    return switch (path) {
      case "system interface" ->
          key == null
              ? new ApplianceConfig(old.global(), interfaces(tree), old.vdoms())
              : withInterface(old, key, tree.global().table(path).get(key));
      case "system global" -> new ApplianceConfig(global(tree), old.interfaces(), old.vdoms());
      default -> old; // the view holds no other global table
    };
  }

  /** {@code old} with interface {@code name} read again from {@code entry}, or gone when null. */
  static ApplianceConfig withInterface(ApplianceConfig old, String name, ConfigObject entry) {
    List<InterfaceConfig> interfaces = old.interfaces();
    if (entry == null) {
      List<InterfaceConfig> left = new ArrayList<>(interfaces);
      left.removeIf(i -> i.name().equals(name));
      interfaces = left;
    } else {
      InterfaceConfig fresh = iface(name, entry);
      List<InterfaceConfig> edited = replaced(interfaces, InterfaceConfig::name, fresh);
      if (edited == null) { // a new entry goes last, as the table keeps creation order
        edited = new ArrayList<>(interfaces);
        edited.add(fresh);
      }
      interfaces = edited;
    }
    return new ApplianceConfig(old.global(), interfaces, old.vdoms());
  }

  private static SystemGlobalConfig global(ConfigTree tree) {
    ConfigObject g = tree.global().singleton("system global");
    return new SystemGlobalConfig(
        g.text("hostname"),
        g.text("alias"),
        g.text("vdom-mode").equals("multi-vdom"),
        g.text("management-vdom"),
        integer(g, "admintimeout"),
        integer(g, "admin-sport"),
        g.text("timezone"));
  }

  private static List<InterfaceConfig> interfaces(ConfigTree tree) {
    return entries(tree.global().table("system interface"), TypedViews::iface);
  }

  /** {@code old} with VDOM {@code name} read again from {@code v}; the rest is shared. */
  static ApplianceConfig withVdom(ApplianceConfig old, String name, ConfigObject v) {
    Map<String, VdomConfig> vdoms = new LinkedHashMap<>(old.vdoms());
    vdoms.put(name, vdom(name, v));
    return new ApplianceConfig(old.global(), old.interfaces(), vdoms);
  }

  /**
   * {@code old} with entry {@code key} of VDOM {@code name}'s table {@code path} read again from
   * {@code entry}, or null when that is not a certificate table whose entry the view holds: a
   * renewed certificate's write-back converts its one entry, not the whole VDOM.
   */
  static ApplianceConfig withEntry(
      ApplianceConfig old, String name, String path, String key, ConfigObject entry) {
    VdomConfig v = old.vdoms().get(name);
    if (v == null) {
      return null;
    }
    List<CertificateLocalConfig> locals = v.localCertificates();
    List<CertificateCaConfig> cas = v.caCertificates();
    switch (path) {
      case "vpn certificate local" ->
          locals = replaced(locals, CertificateLocalConfig::name, local(key, entry));
      case "vpn certificate ca" -> cas = replaced(cas, CertificateCaConfig::name, ca(key, entry));
      default -> {
        return null;
      }
    }
    if (locals == null || cas == null) {
      return null;
    }
    Map<String, VdomConfig> vdoms = new LinkedHashMap<>(old.vdoms());
    vdoms.put(
        name,
        new VdomConfig(
            name, v.staticRoutes(), v.certificateSetting(), locals, cas, v.crls(), v.sdwan()));
    return new ApplianceConfig(old.global(), old.interfaces(), vdoms);
  }

  /** {@code list} with the entry of {@code fresh}'s name replaced by it; null when none has it. */
  private static <T> List<T> replaced(List<T> list, Function<T, String> name, T fresh) {
    String key = name.apply(fresh);
    for (int i = 0; i < list.size(); i++) {
      if (name.apply(list.get(i)).equals(key)) {
        List<T> out = new ArrayList<>(list);
        out.set(i, fresh);
        return out;
      }
    }
    return null;
  }

  private static InterfaceConfig iface(String name, ConfigObject o) {
    return new InterfaceConfig(
        name,
        o.text("vdom"),
        o.text("mode"),
        Ip4InterfaceAddress.parse(o.text("ip")),
        o.list("allowaccess"),
        o.text("status").equals("up"),
        o.text("type"),
        o.text("alias"),
        o.text("description"),
        o.text("role"),
        o.text("interface"),
        integer(o, "vlanid"),
        integer(o, "distance"));
  }

  private static VdomConfig vdom(String name, ConfigObject v) {
    List<StaticRouteConfig> routes =
        entries(v.table("router static"), (k, o) -> route(Long.parseLong(k), o));
    List<CertificateLocalConfig> locals =
        entries(v.table("vpn certificate local"), TypedViews::local);
    List<CertificateCaConfig> cas = entries(v.table("vpn certificate ca"), TypedViews::ca);
    List<CertificateCrlConfig> crls = entries(v.table("vpn certificate crl"), TypedViews::crl);
    return new VdomConfig(
        name,
        routes,
        setting(v.singleton("vpn certificate setting")),
        locals,
        cas,
        crls,
        sdwan(v.singleton("system sdwan")));
  }

  private static CertificateCaConfig ca(String name, ConfigObject o) {
    return new CertificateCaConfig(
        name,
        o.text("ca"),
        o.text("range"),
        o.text("source"),
        on(o, "ssl-inspection-trusted"),
        o.text("scep-url"),
        longValue(o, "auto-update-days"),
        longValue(o, "auto-update-days-warning"),
        ip(o, "source-ip"),
        o.text("ca-identifier"),
        on(o, "obsolete"),
        o.text("est-url"));
  }

  private static CertificateCrlConfig crl(String name, ConfigObject o) {
    return new CertificateCrlConfig(
        name,
        o.text("crl"),
        o.text("range"),
        o.text("source"),
        o.text("update-vdom"),
        o.text("http-url"),
        o.text("scep-url"),
        o.text("scep-cert"),
        longValue(o, "update-interval"),
        ip(o, "source-ip"));
  }

  private static StaticRouteConfig route(long seq, ConfigObject o) {
    return new StaticRouteConfig(
        seq,
        on(o, "status"),
        Ip4Prefix.parse(o.text("dst")),
        Ip4Prefix.parse(o.text("src")),
        ip(o, "gateway"),
        o.text("device"),
        integer(o, "distance"),
        integer(o, "weight"),
        integer(o, "priority"),
        on(o, "blackhole"),
        o.list("sdwan-zone"),
        ip(o, "preferred-source"),
        on(o, "link-monitor-exempt"),
        integer(o, "vrf"),
        o.text("comment"));
  }

  private static VpnCertificateSetting setting(ConfigObject o) {
    ConfigObject crl = o.singleton("crl-verification");
    return new VpnCertificateSetting(
        CliKeyword.fromCli(InterfaceSelectMethod.class, o.text("interface-select-method")),
        o.text("interface"),
        o.text("source-ip"),
        integer(o, "cert-expire-warning"),
        on(o, "check-ca-cert"),
        on(o, "check-ca-chain"),
        o.text("ocsp-status"),
        integer(o, "vrf-select"),
        crl.text("expiry").equals("revoke"),
        crl.text("leaf-crl-absence").equals("revoke"),
        crl.text("chain-crl-absence").equals("revoke"));
  }

  private static CertificateLocalConfig local(String name, ConfigObject o) {
    return new CertificateLocalConfig(
        name,
        o.text("comments"),
        secret(o, "password"),
        o.text("private-key"),
        o.text("certificate"),
        o.text("csr"),
        o.text("state"),
        o.text("scep-url"),
        o.text("range"),
        o.text("source"),
        longValue(o, "auto-regenerate-days"),
        longValue(o, "auto-regenerate-days-warning"),
        secret(o, "scep-password"),
        o.text("ca-identifier"),
        o.text("name-encoding"),
        ip(o, "source-ip"),
        o.text("ike-localid"),
        o.text("ike-localid-type"),
        EnrollProtocol.fromCli(o.text("enroll-protocol")),
        on(o, "private-key-retain"),
        new EstSettings(
            o.text("est-server"),
            o.text("est-ca-id"),
            o.text("est-http-username"),
            secret(o, "est-http-password"),
            o.text("est-client-cert"),
            o.text("est-server-cert"),
            o.text("est-srp-username"),
            secret(o, "est-srp-password")),
        new CmpSettings(
            o.text("cmp-server"),
            o.text("cmp-path"),
            o.text("cmp-server-cert"),
            o.text("cmp-regeneration-method")));
  }

  private static SdwanConfig sdwan(ConfigObject o) {
    List<SdwanConfig.Zone> zones =
        entries(
            o.table("zone"), (k, z) -> new SdwanConfig.Zone(k, z.text("service-sla-tie-break")));
    List<SdwanConfig.Member> members = entries(o.table("members"), TypedViews::member);
    List<SdwanHealthCheck> checks = entries(o.table("health-check"), TypedViews::healthCheck);
    List<SdwanService> services = entries(o.table("service"), TypedViews::service);
    return new SdwanConfig(
        on(o, "status"),
        CliKeyword.fromCli(LoadBalanceMode.class, o.text("load-balance-mode")),
        zones,
        members,
        checks,
        services);
  }

  private static SdwanConfig.Member member(String seq, ConfigObject m) {
    return new SdwanConfig.Member(
        Integer.parseInt(seq),
        m.text("interface"),
        m.text("zone"),
        ip(m, "gateway"),
        ip(m, "source"),
        integer(m, "priority"),
        integer(m, "weight"),
        longValue(m, "cost"),
        on(m, "status"));
  }

  private static SdwanService service(String id, ConfigObject s) {
    List<SdwanConfig.ServiceSla> slas =
        entries(
            s.table("sla"), (name, sla) -> new SdwanConfig.ServiceSla(name, integer(sla, "id")));
    return new SdwanService(
        Integer.parseInt(id),
        s.text("name"),
        CliKeyword.fromCli(SdwanService.Mode.class, s.text("mode")),
        s.list("dst"),
        ints(s.list("priority-members")),
        s.list("priority-zone"),
        s.list("health-check"),
        slas,
        SdwanService.LinkCostFactor.LATENCY, // no link-cost-factor on rules yet
        CliKeyword.fromCli(SdwanService.SlaCompareMethod.class, s.text("sla-compare-method")),
        on(s, "status"));
  }

  private static SdwanHealthCheck healthCheck(String name, ConfigObject h) {
    List<SdwanHealthCheck.Sla> slas =
        entries(
            h.table("sla"),
            (id, s) ->
                new SdwanHealthCheck.Sla(
                    Integer.parseInt(id),
                    SdwanConfig.factors(s.list("link-cost-factor")),
                    integer(s, "latency-threshold"),
                    integer(s, "jitter-threshold"),
                    integer(s, "packetloss-threshold")));
    return new SdwanHealthCheck(
        name,
        h.list("server"),
        CliKeyword.fromCli(SdwanHealthCheck.Protocol.class, h.text("protocol")),
        integer(h, "port"),
        h.text("http-get"),
        integer(h, "interval"),
        integer(h, "probe-timeout"),
        integer(h, "failtime"),
        integer(h, "recoverytime"),
        integer(h, "probe-count"),
        ints(h.list("members")),
        on(h, "update-static-route"),
        slas);
  }

  /** Every entry of {@code table} in its order, as {@code view} reads it from key and object. */
  private static <T> List<T> entries(ConfigTable table, BiFunction<String, ConfigObject, T> view) {
    List<T> out = new ArrayList<>();
    for (String key : table.keys()) {
      out.add(view.apply(key, table.get(key)));
    }
    return out;
  }

  private static Optional<Secret> secret(ConfigObject o, String attr) {
    String enc = (String) o.configured(attr);
    return enc == null ? Optional.empty() : Optional.of(new Secret(enc, Secrets::reveal));
  }

  private static boolean on(ConfigObject o, String attr) {
    return o.text(attr).equals("enable");
  }

  private static int integer(ConfigObject o, String attr) {
    return (int) Long.parseLong(o.text(attr));
  }

  private static long longValue(ConfigObject o, String attr) {
    return Long.parseLong(o.text(attr));
  }

  private static int ip(ConfigObject o, String attr) {
    return Ip4.parse(o.text(attr));
  }

  private static List<Integer> ints(List<String> values) {
    return values.stream().map(Integer::valueOf).toList();
  }
}
