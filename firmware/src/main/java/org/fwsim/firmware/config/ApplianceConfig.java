package org.fwsim.firmware.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable typed snapshot of one appliance's effective configuration, what daemons and the HAL
 * conversion read. Published after each commit; safe to share across threads.
 *
 * @param vdoms in creation order, root first
 */
public record ApplianceConfig(
    SystemGlobalConfig global, List<InterfaceConfig> interfaces, Map<String, VdomConfig> vdoms) {
  public ApplianceConfig {
    interfaces = List.copyOf(interfaces);
    vdoms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vdoms));
  }

  public Optional<VdomConfig> vdom(String name) {
    return Optional.ofNullable(vdoms.get(name));
  }

  public Optional<InterfaceConfig> interfaceNamed(String name) {
    return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** Interfaces that belong to one VDOM, in configuration order. */
  public List<InterfaceConfig> interfacesOf(String vdom) {
    return interfaces.stream().filter(i -> i.vdom().equals(vdom)).toList();
  }
}
