package org.fwsim.firmware.config;

import java.util.List;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * Effective {@code config router static} entry; {@code dst} and {@code src} as prefixes (host bits
 * cleared).
 */
public record StaticRouteConfig(
    long seqNum,
    boolean enabled,
    Ip4Prefix dst,
    Ip4Prefix src,
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
