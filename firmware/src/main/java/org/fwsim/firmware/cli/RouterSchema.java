package org.fwsim.firmware.cli;

/**
 * The {@code config router static} table, as data. Sections cited inline are those of {@code
 * shared/reference/fortios.md}; see {@link FortiSchema}.
 */
final class RouterSchema {

  private RouterSchema() {}

  /** §8.2 [RS746]. */
  static NodeSchema routerStatic() {
    return NodeSchema.numbered(
            "router static", "Configure IPv4 static routing tables.", "seq-num", 0, 4294967295L)
        .toggle("status", true, "Enable/disable this static route.")
        .classnet("dst", "Destination IP and mask for this route.")
        .classnet("src", "Source prefix for this route.")
        .ip("gateway", "Gateway IP for this route.")
        .ip("preferred-source", "Preferred source IP for this route.")
        .integer("distance", 1, 255, 10, "Administrative distance (1 - 255).")
        .integer("weight", 0, 255, 0, "Administrative weight (0 - 255).")
        .integer("priority", 1, 65535, 1, "Administrative priority (1 - 65535).")
        .string("device", 35, "", "Gateway out interface or tunnel.")
        .string("comment", 255, "", "Optional comments.")
        .toggle("blackhole", false, "Enable/disable black hole.")
        .toggle(
            "dynamic-gateway",
            false,
            "Enable use of dynamic gateway retrieved from a DHCP or PPP server.")
        .strings("sdwan-zone", 35, "Choose SD-WAN Zone.")
        .string("dstaddr", 79, "", "Name of firewall address or address group.")
        .toggle(
            "link-monitor-exempt",
            false,
            "Enable/disable withdrawing this route when link monitor or health check is down.")
        .integer("vrf", 0, 251, 0, "Virtual Routing Forwarding ID.")
        .toggle("bfd", false, "Enable/disable Bidirectional Forwarding Detection (BFD).")
        .integer("tag", 0, 4294967295L, 0, "Route tag.")
        // INFERENCE: a route needs somewhere to go: an interface, an SD-WAN zone or blackhole.
        .validator(
            o ->
                o.text("blackhole").equals("disable")
                        && o.text("device").isEmpty()
                        && o.list("sdwan-zone").isEmpty()
                    ? "device"
                    : null)
        .build();
  }
}
