package org.fwsim.firmware.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.net.Ip4;

/**
 * One {@code config health-check} entry: what to probe, how often, and when a member turns dead or
 * alive again.
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
public record SdwanHealthCheck(
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

  /** {@code set protocol}: every choice of the CLI; {@link #simulated()} says which are probed. */
  public enum Protocol implements CliKeyword {
    /**
     * {@code ping}: every simulated host answers an ICMP echo, so the simulated network answers it
     * (no socket: the underlay carries TCP only); {@code port} does not apply.
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
  public enum Factor implements CliKeyword {
    LATENCY,
    JITTER,
    PACKET_LOSS,
    /** No voice quality is measured, so it constrains nothing. */
    MOS
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
     * An SLA on every measured factor. INFERENCE: the thresholds' defaults (commonly 5 ms, 5 ms, 0
     * %) are unverified, so callers always pass them.
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
  public SdwanHealthCheck {
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
  public static SdwanHealthCheck of(
      String name, int server, Protocol protocol, int port, List<Integer> members, List<Sla> slas) {
    return new SdwanHealthCheck(
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
  public SdwanHealthCheck withUpdateStaticRoute(boolean value) {
    return new SdwanHealthCheck(
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
   * The address probed: the first server. INFERENCE: with several servers FortiOS probes each; the
   * simulator probes the first.
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
