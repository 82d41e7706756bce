package org.fwsim.firmware.cli;

import java.util.List;

/**
 * The {@code config system sdwan} table (zones, members, health checks, services), as data.
 * Sections cited inline are those of {@code shared/reference/fortios.md}; see {@link FortiSchema}.
 */
final class SdwanSchema {

  private SdwanSchema() {}

  /** §9.1 [SDW746]; SLA thresholds are unverified defaults. */
  static NodeSchema systemSdwan() {
    NodeSchema zone =
        NodeSchema.named("zone", "Configure SD-WAN zones.", 35)
            .choice(
                "service-sla-tie-break",
                "cfg-order",
                "Method of selecting member if more than one meets the SLA.",
                "cfg-order",
                "fib-best-match",
                "input-device")
            .integer(
                "minimum-sla-meet-members",
                1,
                255,
                1,
                "Minimum number of members which meet SLA when the neighbor is preferred.")
            .build();
    NodeSchema members =
        NodeSchema.numbered(
                "members", "FortiGate interfaces added to the SD-WAN.", "seq-num", 0, 512)
            .string("interface", 15, "", "Interface name.")
            .string("zone", 35, "virtual-wan-link", "Zone name.")
            .ip("gateway", "The default gateway for this interface.")
            .ip("source", "Source IP address used in the health-check probe packets.")
            .ip("preferred-source", "Preferred source of route for this member.")
            .integer("priority", 1, 65535, 1, "Priority of the interface for IPv4 (1 - 65535).")
            .integer(
                "weight",
                1,
                255,
                1,
                "Weight of this interface for weighted load balancing (1 - 255).")
            .integer("cost", 0, 4294967295L, 0, "Cost of this interface for services in SLA mode.")
            .integer("volume-ratio", 1, 255, 1, "Measured volume ratio.")
            .choice(
                "status",
                "enable",
                "Enable/disable this interface in the SD-WAN.",
                "enable",
                "disable")
            .string("comment", 255, "", "Comments.")
            .validator(o -> o.text("interface").isEmpty() ? "interface" : null)
            .build();
    NodeSchema checkSla =
        NodeSchema.numbered("sla", "Service level agreement (SLA).", "id", 1, 32)
            .choices(
                "link-cost-factor",
                List.of("latency", "jitter", "packet-loss"),
                "Criteria on which to base link selection.",
                "latency",
                "jitter",
                "packet-loss",
                "mos")
            .integer(
                "latency-threshold",
                0,
                10_000_000,
                5,
                "Latency for SLA to make decision in milliseconds.")
            .integer(
                "jitter-threshold",
                0,
                10_000_000,
                5,
                "Jitter for SLA to make decision in milliseconds.")
            .integer(
                "packetloss-threshold",
                0,
                100,
                0,
                "Packet loss for SLA to make decision in percentage.")
            .build();
    NodeSchema healthCheck =
        NodeSchema.named("health-check", "SD-WAN status checking or health checking.", 35)
            .strings("server", 79, "IP address or FQDN name of the server.")
            .choice(
                "detect-mode",
                "active",
                "The mode determining how to detect the server.",
                "active",
                "passive",
                "prefer-passive",
                "remote",
                "agent-based")
            .choice(
                "protocol",
                "ping",
                "Protocol used to determine if the FortiGate can communicate with the server.",
                "ping",
                "tcp-echo",
                "udp-echo",
                "http",
                "https",
                "twamp",
                "dns",
                "tcp-connect",
                "ftp")
            .integer("port", 0, 65535, 0, "Port number used to communicate with the server.")
            .string(
                "http-get",
                1024,
                "/",
                "URL used to communicate with the server if the protocol is HTTP.")
            .integer("interval", 20, 3_600_000, 500, "Status check interval in milliseconds.")
            .integer(
                "probe-timeout",
                20,
                3_600_000,
                500,
                "Time to wait before a probe packet is considered lost.")
            .integer("failtime", 1, 3600, 5, "Number of failures before server is considered lost.")
            .integer(
                "recoverytime",
                1,
                3600,
                5,
                "Number of successful responses received before server is considered recovered.")
            .integer(
                "probe-count",
                5,
                30,
                30,
                "Number of most recent probes that should be used to calculate latency and jitter.")
            .toggle("update-static-route", true, "Enable/disable updating the static route.")
            .integers("members", 0, 512, "Member sequence number list.")
            .child(checkSla)
            .build();
    NodeSchema serviceSla =
        NodeSchema.named("sla", "Service level agreement (SLA).", 35)
            .keyName("health-check")
            .integer("id", 0, 32, 0, "SLA ID.")
            .build();
    NodeSchema service =
        NodeSchema.numbered("service", "Create SD-WAN rules (also called services).", "id", 1, 4000)
            .string("name", 35, "", "SD-WAN rule name.")
            .choice(
                "mode",
                "manual",
                "Control how the SD-WAN rule sets the priority of interfaces in the SD-WAN.",
                "auto",
                "manual",
                "priority",
                "sla")
            .toggle("load-balance", false, "Enable/disable load-balance.")
            .integer("protocol", 0, 255, 0, "Protocol number.")
            .integer("start-port", 1, 65535, 1, "Start destination port number.")
            .integer("end-port", 1, 65535, 65535, "End destination port number.")
            .strings("dst", 79, "Destination address name.")
            .strings("src", 79, "Source address name.")
            .strings("health-check", 35, "Health check list.")
            .choice(
                "sla-compare-method",
                "order",
                "Method to compare SLA value for SLA mode.",
                "order",
                "number")
            .child(serviceSla)
            .integers("priority-members", 0, 512, "Member sequence number list.")
            .strings("priority-zone", 35, "Priority zone name list.")
            .choice(
                "tie-break",
                "zone",
                "Method of selecting member if more than one meets the SLA.",
                "zone",
                "cfg-order",
                "fib-best-match",
                "input-device")
            .toggle("status", true, "Enable/disable SD-WAN service.")
            .build();
    return NodeSchema.singleton(
            "system sdwan",
            "Configure redundant Internet connections with multiple outbound links and health-check profiles.")
        .toggle("status", false, "Enable/disable SD-WAN.")
        .choice(
            "load-balance-mode",
            "source-ip-based",
            "Algorithm or mode to use for load balancing Internet traffic to SD-WAN members.",
            "source-ip-based",
            "weight-based",
            "usage-based",
            "source-dest-ip-based",
            "measured-volume-based")
        .toggle(
            "fail-detect",
            false,
            "Enable/disable SD-WAN Internet connection status checking (failure detection).")
        .child(zone)
        .child(members)
        .child(healthCheck)
        .child(service)
        .build();
  }
}
