package org.fwsim.firmware.egress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanHealthCheck;

/**
 * An immutable view of one VDOM's SD-WAN: its configuration and every health check's knowledge of
 * every member it probes. {@link SdwanHealth} publishes a new one after each probe result; any
 * thread may read it.
 *
 * @param config the configuration in force
 * @param health per health-check name, one entry per probed member in configuration order
 * @param generation increases whenever a member changes state (the {@code Gen(...)} of the service
 *     diagnose)
 */
public record SdwanStatus(
    SdwanConfig config, Map<String, List<MemberHealth>> health, long generation) {

  /** Copies. */
  public SdwanStatus {
    Objects.requireNonNull(config, "config");
    health = Map.copyOf(health);
  }

  /** A configuration without measurements yet: every member alive. */
  public static SdwanStatus unprobed(SdwanConfig config) {
    return new SdwanStatus(config, initialHealth(config), 1);
  }

  static Map<String, List<MemberHealth>> initialHealth(SdwanConfig config) {
    HashMap<String, List<MemberHealth>> m = new HashMap<>();
    for (SdwanHealthCheck h : config.healthChecks()) {
      m.put(
          h.name(),
          config.members().stream()
              .filter(mb -> h.covers(mb.seq()))
              .map(mb -> MemberHealth.initial(h.name(), mb.seq(), mb.interfaceName()))
              .toList());
    }
    return m;
  }

  /**
   * What health check {@code name} knows about member {@code seq}, or null if it does not probe it.
   */
  public MemberHealth health(String name, int seq) {
    List<MemberHealth> list = health.get(name);
    if (list != null) {
      for (MemberHealth mh : list) {
        if (mh.seq() == seq) {
          return mh;
        }
      }
    }
    return null;
  }

  /** Whether no health check probing member {@code seq} has declared it dead. */
  public boolean isAlive(int seq) {
    for (List<MemberHealth> list : health.values()) {
      for (MemberHealth mh : list) {
        if (mh.seq() == seq && !mh.alive()) {
          return false;
        }
      }
    }
    return true;
  }
}
