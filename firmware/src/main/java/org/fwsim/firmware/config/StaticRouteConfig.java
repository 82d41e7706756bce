package org.fwsim.firmware.config;

import java.util.List;

/** Effective {@code config router static} entry; {@code dst} keeps the configured mask. */
public record StaticRouteConfig(
    long seqNum,
    boolean enabled,
    Ipv4Net dst,
    Ipv4Net src,
    int gateway,
    String device,
    int distance,
    int weight,
    int priority,
    boolean blackhole,
    List<String> sdwanZones,
    int preferredSource,
    boolean linkMonitorExempt,
    int vrf,
    String comment) {
  public StaticRouteConfig {
    sdwanZones = List.copyOf(sdwanZones);
  }
}
