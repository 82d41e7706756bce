package org.fwsim.firmware.egress;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code config system sdwan} / {@code config health-check} entry: what to probe, how often,
 * and when a member turns dead or alive again.
 *
 * @param name {@code edit <name>}
 * @param server {@code server}, an IPv4 address
 * @param protocol {@code protocol}
 * @param port {@code port}; 0 means the protocol's default (http 80, tcp-connect 80, ping 7)
 * @param httpGet {@code http-get}, default {@code /}
 * @param intervalMillis {@code interval} in ms, 20..3600000, default 500
 * @param probeTimeoutMillis {@code probe-timeout} in ms, default 500
 * @param failtime {@code failtime}: consecutive failures before dead, default 5
 * @param recoverytime {@code recoverytime}: consecutive successes before alive, default 5
 * @param probeCount {@code probe-count}: the sliding window for loss, latency and jitter, 5..30,
 *     default 30
 * @param members {@code members <seq...>}; empty means every member
 * @param updateStaticRoute {@code update-static-route}, default enable
 * @param slas {@code config sla}
 */
public record HealthCheck(
    String name,
    int server,
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

  /** {@code set protocol}; the ones the simulator carries. */
  public enum Protocol {
    /**
     * {@code ping}. The underlay carries TCP only, so a ping probe is a TCP connect to the server's
     * echo port (7) unless {@code port} is set: INFERENCE, a modelling choice.
     */
    PING(7),
    /** {@code tcp-connect}: the connect completing is success; latency is the connect time. */
    TCP_CONNECT(80),
    /** {@code http}: {@code GET <http-get>}, a 2xx or 3xx status is success. */
    HTTP(80);

    private final int defaultPort;

    Protocol(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /** The FortiOS CLI keyword. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The port probed when {@code port} is 0. */
    public int defaultPort() {
      return defaultPort;
    }
  }

  /** One {@code link-cost-factor} of an SLA: which measurements the SLA checks. */
  public enum Factor {
    LATENCY,
    JITTER,
    PACKET_LOSS
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

    /** Validates the id and thresholds. */
    public Sla {
      if (id < 1 || id > 32) {
        throw new IllegalArgumentException("SLA id " + id + " is outside 1..32");
      }
      factors =
          Set.copyOf(factors == null || factors.isEmpty() ? Set.of(Factor.values()) : factors);
      if (latencyThresholdMillis < 0
          || jitterThresholdMillis < 0
          || packetLossThresholdPercent < 0
          || packetLossThresholdPercent > 100) {
        throw new IllegalArgumentException(
            "SLA " + id + ": thresholds must be >= 0 (packet loss <= 100)");
      }
    }

    /**
     * An SLA on every factor. INFERENCE: the thresholds' defaults (commonly 5 ms, 5 ms, 0 %) are
     * unverified, so callers always pass them.
     */
    public static Sla of(int id, int latencyMillis, int jitterMillis, int packetLossPercent) {
      return new Sla(id, Set.of(Factor.values()), latencyMillis, jitterMillis, packetLossPercent);
    }

    /** Whether measurements meet this SLA (a dead member meets none). */
    boolean isMet(double latencyMillis, double jitterMillis, double lossPercent) {
      return (!factors.contains(Factor.LATENCY) || latencyMillis <= latencyThresholdMillis)
          && (!factors.contains(Factor.JITTER) || jitterMillis <= jitterThresholdMillis)
          && (!factors.contains(Factor.PACKET_LOSS) || lossPercent <= packetLossThresholdPercent);
    }
  }

  /** Validates every field against the FortiOS ranges. */
  public HealthCheck {
    if (name == null || name.isBlank() || name.length() > 35) {
      throw new IllegalArgumentException(
          "health-check name '" + name + "' must be 1..35 characters");
    }
    Objects.requireNonNull(protocol, "health-check " + name + ": protocol");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "health-check " + name + ": port " + port + " is outside 0..65535");
    }
    httpGet = httpGet == null || httpGet.isEmpty() ? "/" : httpGet;
    if (intervalMillis < 20 || intervalMillis > 3_600_000) {
      throw new IllegalArgumentException(
          "health-check " + name + ": interval " + intervalMillis + " ms is outside 20..3600000");
    }
    if (probeTimeoutMillis < 20 || probeTimeoutMillis > 3_600_000) {
      throw new IllegalArgumentException(
          "health-check "
              + name
              + ": probe-timeout "
              + probeTimeoutMillis
              + " ms is outside 20..3600000");
    }
    if (failtime < 1 || failtime > 3600 || recoverytime < 1 || recoverytime > 3600) {
      throw new IllegalArgumentException(
          "health-check " + name + ": failtime and recoverytime must be 1..3600");
    }
    if (probeCount < 5 || probeCount > 30) {
      throw new IllegalArgumentException(
          "health-check " + name + ": probe-count " + probeCount + " is outside 5..30");
    }
    members = List.copyOf(members == null ? List.of() : members);
    slas = List.copyOf(slas == null ? List.of() : slas);
  }

  /**
   * A check with the FortiOS defaults (interval 500 ms, failtime/recoverytime 5, probe-count 30).
   */
  public static HealthCheck of(
      String name, int server, Protocol protocol, int port, List<Integer> members, List<Sla> slas) {
    return new HealthCheck(
        name, server, protocol, port, "/", 500, 500, 5, 5, 30, members, true, slas);
  }

  /**
   * This check with other timing: {@code interval}, {@code probe-timeout}, {@code failtime}, {@code
   * recoverytime}.
   */
  public HealthCheck withTiming(int interval, int probeTimeout, int fail, int recovery) {
    return new HealthCheck(
        name,
        server,
        protocol,
        port,
        httpGet,
        interval,
        probeTimeout,
        fail,
        recovery,
        probeCount,
        members,
        updateStaticRoute,
        slas);
  }

  /** This check with another {@code probe-count} window. */
  public HealthCheck withProbeCount(int value) {
    return new HealthCheck(
        name,
        server,
        protocol,
        port,
        httpGet,
        intervalMillis,
        probeTimeoutMillis,
        failtime,
        recoverytime,
        value,
        members,
        updateStaticRoute,
        slas);
  }

  /** This check with {@code update-static-route} set. */
  public HealthCheck withUpdateStaticRoute(boolean value) {
    return new HealthCheck(
        name,
        server,
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

  /** This check with another {@code http-get}. */
  public HealthCheck withHttpGet(String value) {
    return new HealthCheck(
        name,
        server,
        protocol,
        port,
        value,
        intervalMillis,
        probeTimeoutMillis,
        failtime,
        recoverytime,
        probeCount,
        members,
        updateStaticRoute,
        slas);
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
  Sla sla(int id) {
    for (Sla s : slas) {
      if (s.id() == id) {
        return s;
      }
    }
    return null;
  }
}
