package org.fwsim.firmware.config;

import java.util.List;
import org.fwsim.hal.net.Ip4InterfaceAddress;

/**
 * Effective {@code config system interface} entry.
 *
 * @param parent {@code interface} (the parent of a VLAN), "" when none
 * @param vlanId 0 when not a VLAN
 */
public record InterfaceConfig(
    String name,
    String vdom,
    String mode,
    Ip4InterfaceAddress ip,
    List<String> allowAccess,
    boolean up,
    String type,
    String alias,
    String description,
    String role,
    String parent,
    int vlanId,
    int distance) {
  public InterfaceConfig {
    allowAccess = List.copyOf(allowAccess);
  }
}
