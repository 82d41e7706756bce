package org.fwsim.firmware.config;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;

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
    List<HealthCheck> healthChecks,
    List<Service> services) {

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
      List<Member> members, List<HealthCheck> healthChecks, List<Service> services) {
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
  public HealthCheck healthCheck(String name) {
    for (HealthCheck h : healthChecks) {
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
    for (HealthCheck h : healthChecks) {
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
    for (Service s : services) {
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

  private String serviceProblem(Service s, Set<Integer> seqs) {
    for (String name : s.dst()) {
      if (!name.equals("all") && Service.prefix(name) == null) {
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
      HealthCheck h = healthCheck(sla.healthCheck());
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
   * One {@code config health-check} entry: what to probe, how often, and when a member turns dead
   * or alive again.
   *
   * @param name {@code edit <name>}
   * @param servers {@code server}, as configured (an address or a name)
   * @param protocol {@code protocol}
   * @param port {@code port}; 0 means the protocol's default
   * @param httpGet {@code http-get}, default {@code /}
   * @param intervalMillis {@code interval} in ms, default 500
   * @param probeTimeoutMillis {@code probe-timeout} in ms, default 500
   * @param failtime {@code failtime}: consecutive failures before dead, default 5
   * @param recoverytime {@code recoverytime}: consecutive successes before alive, default 5
   * @param probeCount {@code probe-count}: the window for loss, latency and jitter, default 30
   * @param members {@code members <seq...>}; empty means every member
   * @param updateStaticRoute {@code update-static-route}, default enable
   * @param slas {@code config sla}
   */
  public record HealthCheck(
      String name,
      List<String> servers,
      Protocol protocol,
      int port,
      String httpGet,
      int intervalMillis,
      int probeTimeoutMillis,
      int failtime,
      int recoverytime,
      int probeCount,
      List<Integer> members,
      boolean updateStaticRoute,
      List<Sla> slas) {

    /**
     * {@code set protocol}: every choice of the CLI; {@link #simulated()} says which are probed.
     */
    public enum Protocol {
      /**
       * {@code ping}: every simulated host answers an ICMP echo, so the simulated network answers
       * it (no socket: the underlay carries TCP only); {@code port} does not apply.
       */
      PING(0, Probe.HOST_ANSWERS),
      /**
       * {@code tcp-echo}: the echo service (port 7). INFERENCE, a modelling choice: every simulated
       * host runs it, so the simulated network answers at port 7 and nowhere else.
       */
      TCP_ECHO(7, Probe.HOST_ANSWERS),
      /** {@code udp-echo}: as {@code tcp-echo}, over UDP. */
      UDP_ECHO(7, Probe.HOST_ANSWERS),
      /** {@code http}: {@code GET <http-get>}, a 2xx or 3xx status is success. */
      HTTP(80, Probe.CONNECTION),
      HTTPS(443, Probe.NONE),
      TWAMP(862, Probe.NONE),
      /**
       * {@code dns}: a query for {@code dns-request-domain}. INFERENCE, a modelling choice: every
       * simulated host answers DNS at port 53, so the simulated network answers there.
       */
      DNS(53, Probe.HOST_ANSWERS),
      /** {@code tcp-connect}: the connect completing is success; latency is the connect time. */
      TCP_CONNECT(80, Probe.CONNECTION),
      FTP(21, Probe.NONE);

      /** How the simulator probes with a protocol. */
      public enum Probe {
        /** Over a real connection through the underlay to whatever listens there. */
        CONNECTION,
        /** Answered by the simulated network for any simulated host the member reaches. */
        HOST_ANSWERS,
        /** Not simulated. */
        NONE
      }

      private final int defaultPort;
      private final Probe probe;

      Protocol(int defaultPort, Probe probe) {
        this.defaultPort = defaultPort;
        this.probe = probe;
      }

      /** The FortiOS CLI keyword. */
      public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
      }

      /** The protocol of a CLI keyword. */
      public static Protocol fromCli(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT).replace('-', '_'));
      }

      /** Whether the simulator probes with this protocol. */
      public boolean simulated() {
        return probe != Probe.NONE;
      }

      /** How the simulator probes with this protocol. */
      public Probe probe() {
        return probe;
      }

      /** The port probed when {@code port} is 0 (0 for ping, which has none). */
      public int defaultPort() {
        return defaultPort;
      }
    }

    /** One {@code link-cost-factor} of an SLA: which measurements the SLA checks. */
    public enum Factor {
      LATENCY,
      JITTER,
      PACKET_LOSS,
      /** No voice quality is measured, so it constrains nothing. */
      MOS;

      /** The factor of a CLI keyword. */
      public static Factor fromCli(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT).replace('-', '_'));
      }
    }

    /**
     * One {@code config sla} entry of a health check.
     *
     * @param id {@code edit <id>}, 1..32 (bit id-1 of {@code sla_map})
     * @param factors {@code link-cost-factor}, default latency jitter packet-loss
     * @param latencyThresholdMillis {@code latency-threshold}
     * @param jitterThresholdMillis {@code jitter-threshold}
     * @param packetLossThresholdPercent {@code packetloss-threshold}
     */
    public record Sla(
        int id,
        Set<Factor> factors,
        int latencyThresholdMillis,
        int jitterThresholdMillis,
        int packetLossThresholdPercent) {

      /** No measured factor (none, or only {@code mos}) means every measured one. */
      public Sla {
        factors =
            factors == null || factors.stream().allMatch(f -> f == Factor.MOS)
                ? Set.of(Factor.LATENCY, Factor.JITTER, Factor.PACKET_LOSS)
                : Set.copyOf(factors);
      }

      /**
       * An SLA on every measured factor. INFERENCE: the thresholds' defaults (commonly 5 ms, 5 ms,
       * 0 %) are unverified, so callers always pass them.
       */
      public static Sla of(int id, int latencyMillis, int jitterMillis, int packetLossPercent) {
        return new Sla(id, null, latencyMillis, jitterMillis, packetLossPercent);
      }

      /** Whether measurements meet this SLA (a dead member meets none). */
      public boolean isMet(double latencyMillis, double jitterMillis, double lossPercent) {
        return (!factors.contains(Factor.LATENCY) || latencyMillis <= latencyThresholdMillis)
            && (!factors.contains(Factor.JITTER) || jitterMillis <= jitterThresholdMillis)
            && (!factors.contains(Factor.PACKET_LOSS) || lossPercent <= packetLossThresholdPercent);
      }
    }

    /** Copies; a blank {@code http-get} is {@code /}. */
    public HealthCheck {
      Objects.requireNonNull(name, "health-check name");
      Objects.requireNonNull(protocol, "health-check " + name + ": protocol");
      servers = List.copyOf(servers == null ? List.of() : servers);
      httpGet = httpGet == null || httpGet.isEmpty() ? "/" : httpGet;
      members = List.copyOf(members == null ? List.of() : members);
      slas = List.copyOf(slas == null ? List.of() : slas);
    }

    /**
     * A check of one server with the FortiOS defaults (interval 500 ms, failtime/recoverytime 5,
     * probe-count 30).
     */
    public static HealthCheck of(
        String name,
        int server,
        Protocol protocol,
        int port,
        List<Integer> members,
        List<Sla> slas) {
      return new HealthCheck(
          name,
          List.of(Ip4.toString(server)),
          protocol,
          port,
          "/",
          500,
          500,
          5,
          5,
          30,
          members,
          true,
          slas);
    }

    /** This check with {@code update-static-route} set. */
    public HealthCheck withUpdateStaticRoute(boolean value) {
      return new HealthCheck(
          name,
          servers,
          protocol,
          port,
          httpGet,
          intervalMillis,
          probeTimeoutMillis,
          failtime,
          recoverytime,
          probeCount,
          members,
          value,
          slas);
    }

    /**
     * The address probed: the first server. INFERENCE: with several servers FortiOS probes each;
     * the simulator probes the first.
     *
     * @throws IllegalArgumentException when it is not an IPv4 address (see {@link #problem()})
     */
    public int server() {
      if (servers.isEmpty()) {
        throw new IllegalArgumentException("health-check " + name + " has no server");
      }
      try {
        return Ip4.parse(servers.get(0));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "health-check "
                + name
                + ": server "
                + servers.get(0)
                + " is not an IPv4 address (the simulated network has no DNS)");
      }
    }

    /** What keeps the simulator from probing with this check, or null. */
    String problem() {
      try {
        server();
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
      if (!protocol.simulated()) {
        return "health-check "
            + name
            + ": protocol "
            + protocol.keyword()
            + " is not simulated (use ping, tcp-echo, udp-echo, dns, tcp-connect or http)";
      }
      return null;
    }

    /** The TCP port probes go to. */
    public int effectivePort() {
      return port == 0 ? protocol.defaultPort() : port;
    }

    /** Whether this check probes member {@code seq}. */
    public boolean covers(int seq) {
      return members.isEmpty() || members.contains(seq);
    }

    /** The SLA with that id, or null. */
    public Sla sla(int id) {
      for (Sla s : slas) {
        if (s.id() == id) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * One {@code config service} rule (IPv4 destinations only).
   *
   * @param id {@code edit <id>}, 1..4000
   * @param name {@code name}, may be empty
   * @param mode {@code mode}, default manual
   * @param dst {@code dst} address names; empty or {@code all} matches every destination. The
   *     simulator has no {@code config firewall address} table, so a name is written as the address
   *     itself: {@code a.b.c.d} or {@code a.b.c.d/n} (INFERENCE: a modelling shortcut)
   * @param priorityMembers {@code priority-members <seq...>}; empty means every member in
   *     configuration order
   * @param healthChecks {@code health-check <names>} (priority and auto modes measure with them)
   * @param slas {@code config sla}: {@code edit <health-check>} / {@code set id <sla-id>}
   * @param linkCostFactor the measurement priority and auto modes compare (latency: the CLI has no
   *     {@code link-cost-factor} on rules yet)
   * @param slaCompareMethod {@code sla-compare-method}, default order
   * @param enabled {@code status enable|disable}
   */
  public record Service(
      int id,
      String name,
      Mode mode,
      List<String> dst,
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
      /** Members meeting the SLA targets first (lower cost, then order); else configured order. */
      SLA,
      /** Quality-based: the best link-cost-factor among every alive member. */
      AUTO;

      /** The FortiOS CLI keyword, also printed in {@code Mode(...)}. */
      public String keyword() {
        return name().toLowerCase(Locale.ROOT);
      }

      /** The mode of a CLI keyword. */
      public static Mode fromCli(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
      }
    }

    /** {@code link-cost-factor} of a rule (the measured ones). */
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

      /** The method of a CLI keyword. */
      public static SlaCompareMethod fromCli(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
      }
    }

    /** Copies; null lists are empty and null enums their defaults. */
    public Service {
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
    public static Service manual(
        int id, String name, List<Ip4Prefix> dst, List<Integer> priorityMembers) {
      return new Service(
          id, name, Mode.MANUAL, names(dst), priorityMembers, null, null, null, null, true);
    }

    /** A priority rule measured by {@code healthCheck} on {@code factor}. */
    public static Service priority(
        int id,
        String name,
        List<Ip4Prefix> dst,
        List<Integer> priorityMembers,
        String healthCheck,
        LinkCostFactor factor) {
      return new Service(
          id,
          name,
          Mode.PRIORITY,
          names(dst),
          priorityMembers,
          List.of(healthCheck),
          null,
          factor,
          null,
          true);
    }

    /** An SLA rule with its targets. */
    public static Service sla(
        int id,
        String name,
        List<Ip4Prefix> dst,
        List<Integer> priorityMembers,
        List<ServiceSla> slas) {
      return new Service(
          id, name, Mode.SLA, names(dst), priorityMembers, null, slas, null, null, true);
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
        return slas.stream().map(ServiceSla::healthCheck).distinct().toList();
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

  /**
   * One SLA target of a rule: a health check and one of its SLA ids.
   *
   * @param healthCheck the health check's name
   * @param id the SLA id inside that health check
   */
  public record ServiceSla(String healthCheck, int id) {}

  /** The factors of a CLI {@code link-cost-factor} list. */
  public static Set<HealthCheck.Factor> factors(List<String> keywords) {
    Set<HealthCheck.Factor> out = EnumSet.noneOf(HealthCheck.Factor.class);
    keywords.forEach(k -> out.add(HealthCheck.Factor.fromCli(k)));
    return out;
  }
}
