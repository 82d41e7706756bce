package org.fwsim.firmware.cli;

import java.util.List;

/**
 * The FortiOS tables the simulator knows, as data: fields, types, ranges and defaults from {@code
 * shared/reference/fortios.md} (sections cited inline). One immutable instance, {@link #ROOT}, is
 * shared by every appliance.
 *
 * <p>Where the reference marks a default "unverified" it is used anyway and noted here.
 */
public final class FortiSchema {
  /** The root: every top-level {@code config} path, in {@code show} order. */
  public static final NodeSchema ROOT = build();

  private FortiSchema() {}

  private static NodeSchema build() {
    return NodeSchema.root()
        .child(systemGlobal())
        .child(systemInterface())
        .child(vpnCertificateCa())
        .child(vpnCertificateLocal())
        .child(vpnCertificateCrl())
        .child(vpnCertificateSetting())
        .child(systemSdwan())
        .child(routerStatic())
        .build();
  }

  /** §7; hostname default is the VM prompt name, admin fields are common FortiOS defaults. */
  private static NodeSchema systemGlobal() {
    return NodeSchema.singleton("system global", "Configure global attributes.")
        .global()
        .string("alias", 35, "FortiGate-VM64", "Alias for your FortiGate unit.")
        .string("hostname", 35, "FGVM01", "FortiGate unit's hostname.")
        .integer(
            "admintimeout",
            1,
            480,
            5,
            "Number of minutes before an idle administrator session times out.")
        .integer("admin-sport", 1, 65535, 443, "Administrative access port for HTTPS.")
        .string("timezone", 63, "04", "Time zone index (FortiOS numbering).")
        .choice(
            "vdom-mode",
            "no-vdom",
            "Enable/disable support for multiple virtual domains (VDOMs).",
            "no-vdom",
            "multi-vdom")
        .vdomRef("management-vdom", "root", false, "Management virtual domain name.")
        .build();
  }

  /** §8.1; status/type/mode defaults are marked unverified in the reference. */
  private static NodeSchema systemInterface() {
    return NodeSchema.named("system interface", "Configure interfaces.", 15)
        .global()
        .vdomRef("vdom", "root", true, "Interface is in this virtual domain (VDOM).")
        .choice("mode", "static", "Addressing mode.", "static", "dhcp", "pppoe")
        .integer("distance", 1, 255, 5, "Distance for routes learned through PPPoE or DHCP.")
        .ipMask("ip", "Interface IPv4 address and subnet mask, syntax: X.X.X.X/24.")
        .choices(
            "allowaccess",
            List.of(),
            "Permitted types of management access to this interface.",
            "https",
            "ping",
            "ssh",
            "snmp",
            "http",
            "telnet",
            "fgfm",
            "auto-ipsec",
            "radius-acct",
            "probe-response",
            "capwap",
            "dnp",
            "ftm",
            "fabric",
            "speed-test")
        .choice("status", "up", "Bring the interface up or shut the interface down.", "up", "down")
        .choice(
            "type",
            "physical",
            "Interface type.",
            "physical",
            "vlan",
            "aggregate",
            "redundant",
            "tunnel",
            "vdom-link",
            "loopback",
            "switch",
            "hard-switch",
            "vxlan",
            "geneve",
            "ssl")
        .string("alias", 25, "", "Alias will be displayed with the interface name.")
        .string("description", 255, "", "Description.")
        .choice("role", "undefined", "Interface role.", "lan", "wan", "dmz", "undefined")
        .string("interface", 15, "", "Interface name (parent of a VLAN).")
        .integer("vlanid", 0, 4094, 0, "VLAN ID (1 - 4094).")
        .validator(
            o ->
                o.text("type").equals("vlan") && (o.text("interface").isEmpty())
                    ? "interface"
                    : null)
        .validator(
            o -> o.text("type").equals("vlan") && o.text("vlanid").equals("0") ? "vlanid" : null)
        .build();
  }

  /** §8.2 [RS746]. */
  private static NodeSchema routerStatic() {
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

  /** §9.1 [SDW746]; SLA thresholds are unverified defaults. */
  private static NodeSchema systemSdwan() {
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

  /** §2 [CLI749-S]. */
  private static NodeSchema vpnCertificateSetting() {
    NodeSchema crl =
        NodeSchema.singleton("crl-verification", "CRL verification options.")
            .choice(
                "expiry",
                "ignore",
                "CRL verification option when CRL is expired.",
                "ignore",
                "revoke")
            .choice(
                "leaf-crl-absence",
                "ignore",
                "CRL verification option when leaf CRL is absent.",
                "ignore",
                "revoke")
            .choice(
                "chain-crl-absence",
                "ignore",
                "CRL verification option when CRL of any certificate in chain is absent.",
                "ignore",
                "revoke")
            .build();
    NodeSchema.Builder b =
        NodeSchema.singleton("vpn certificate setting", "VPN certificate setting.")
            .integer(
                "cert-expire-warning",
                0,
                100,
                14,
                "Number of days before a certificate expires to send a warning.");
    for (String alg :
        List.of(
            "dsa1024",
            "dsa2048",
            "ecdsa256",
            "ecdsa384",
            "ecdsa521",
            "ed25519",
            "ed448",
            "rsa1024",
            "rsa2048",
            "rsa4096")) {
      b.string(
          "certname-" + alg,
          35,
          "Fortinet_SSL_" + alg.toUpperCase(java.util.Locale.ROOT),
          alg.toUpperCase(java.util.Locale.ROOT)
              + " certificate for re-signing server certificates for SSL inspection.");
    }
    return b.toggle(
            "check-ca-cert",
            true,
            "Enable/disable verification of the user certificate and pass authentication if any CA in the chain is trusted.")
        .toggle(
            "check-ca-chain", false, "Enable/disable verification of the entire certificate chain.")
        .toggle(
            "cmp-key-usage-checking",
            true,
            "Enable/disable server certificate key usage checking in CMP mode.")
        .toggle(
            "cmp-save-extra-certs", false, "Enable/disable saving extra certificates in CMP mode.")
        .toggle(
            "cn-allow-multi",
            true,
            "When searching for a matching certificate, allow multiple CN fields in certificate subject name.")
        .choice(
            "cn-match",
            "substring",
            "When searching for a matching certificate, control how to do CN value matching with certificate subject name.",
            "substring",
            "value")
        .child(crl)
        .string("interface", 15, "", "Specify outgoing interface to reach server.")
        .choice(
            "interface-select-method",
            "auto",
            "Specify how to select outgoing interface to reach server.",
            "auto",
            "sdwan",
            "specify")
        .string("ocsp-default-server", 35, "", "Default OCSP server.")
        .choice(
            "ocsp-option",
            "server",
            "Specify whether the OCSP URL is from certificate or configured OCSP server.",
            "certificate",
            "server")
        .choice(
            "ocsp-status",
            "disable",
            "Enable/disable receiving certificates using the OCSP.",
            "enable",
            "mandatory",
            "disable")
        .string(
            "proxy",
            127,
            "",
            "Proxy server FQDN or IP for OCSP/CA queries during certificate verification.")
        .password("proxy-password", "Proxy password.")
        .integer("proxy-port", 1, 65535, 8080, "Proxy server port.")
        .string("proxy-username", 63, "", "Proxy server user name.")
        .string("source-ip", 63, "", "Source IP address for dynamic AIA and OCSP queries.")
        .choice(
            "ssl-min-proto-version",
            "default",
            "Minimum supported protocol version for SSL/TLS connections.",
            "default",
            "SSLv3",
            "TLSv1",
            "TLSv1-1",
            "TLSv1-2",
            "TLSv1-3")
        .toggle("strict-ocsp-check", false, "Enable/disable strict mode OCSP checking.")
        .choice(
            "subject-match",
            "substring",
            "When searching for a matching certificate, control how to do RDN value matching with certificate subject name.",
            "substring",
            "value")
        .choice(
            "subject-set",
            "subset",
            "When searching for a matching certificate, control how to do RDN set matching with certificate subject name.",
            "subset",
            "superset")
        .integer("vrf-select", 0, 511, 0, "VRF ID used for connection to server.")
        // KB-420924 / LOCALOUT: "interface must be set only/always with specify".
        .validator(
            o ->
                o.text("interface-select-method").equals("specify") && o.text("interface").isEmpty()
                    ? "interface"
                    : null)
        .build();
  }

  /** §1.2, defaults from [CLI80-PDF]. {@code state} is read-only. */
  private static NodeSchema vpnCertificateLocal() {
    return NodeSchema.named("vpn certificate local", "Local keys and certificates.", 35)
        .password("password", "Password as a PEM file.")
        .string("comments", 511, "", "Comment.")
        .pem("private-key", "PEM format key encrypted with a password.")
        .pem("certificate", "PEM format certificate.")
        .pem("csr", "Certificate Signing Request.")
        .readOnly("state", "Certificate Signing Request State.")
        .string("scep-url", 255, "", "SCEP server URL.")
        .choice(
            "range",
            "global",
            "Either a global or VDOM IP address range for the certificate.",
            "global",
            "vdom")
        .choice("source", "user", "Certificate source type.", "factory", "user", "bundle")
        .integer(
            "auto-regenerate-days",
            0,
            4294967295L,
            0,
            "Number of days to wait before expiry of an updated local certificate is requested (0 = disabled).")
        .integer(
            "auto-regenerate-days-warning",
            0,
            4294967295L,
            0,
            "Number of days to wait before an expiry warning message is generated (0 = disabled).")
        .password("scep-password", "SCEP server challenge password for auto-regeneration.")
        .string("ca-identifier", 255, "", "CA identifier of the CA server for signing via SCEP.")
        .choice(
            "name-encoding",
            "printable",
            "Name encoding method for auto-regeneration.",
            "printable",
            "utf8")
        .ip("source-ip", "Source IP address for communications to the SCEP server.")
        .string(
            "ike-localid",
            63,
            "",
            "Local ID the FortiGate uses for authentication as a VPN client.")
        .choice("ike-localid-type", "asn1dn", "IKE local ID type.", "asn1dn", "fqdn")
        .choice(
            "enroll-protocol",
            "none",
            "Certificate enrollment protocol.",
            "none",
            "scep",
            "cmpv2",
            "acme2",
            "est")
        .toggle(
            "private-key-retain",
            false,
            "Enable/disable retention of private key during SCEP renewal.")
        .string("cmp-server", 63, "", "Address and port for CMP server (format = address:port).")
        .string("cmp-path", 255, "", "Path location inside CMP server.")
        .string("cmp-server-cert", 79, "", "CMP server certificate.")
        .choice(
            "cmp-regeneration-method",
            "keyupate",
            "CMP auto-regeneration method.",
            "keyupate",
            "renewal")
        .string(
            "acme-ca-url",
            255,
            "https://acme-v02.api.letsencrypt.org/directory",
            "The URL for the ACME CA server.")
        .string("acme-domain", 255, "", "A valid domain that resolves to this FortiGate unit.")
        .string(
            "acme-email",
            255,
            "",
            "Contact email address that is required by some CAs like LetsEncrypt.")
        .string("acme-eab-key-id", 255, "", "External Account Binding Key ID.")
        .password("acme-eab-key-hmac", "External Account Binding HMAC Key.")
        .integer(
            "acme-rsa-key-size",
            2048,
            4096,
            2048,
            "Length of the RSA private key of the generated cert.")
        .integer(
            "acme-renew-window",
            1,
            100,
            30,
            "Beginning of the renewal window (in days before certificate expiration).")
        .string("est-server", 255, "", "Address and port for EST server.")
        .string("est-ca-id", 255, "", "CA identifier of the CA server for signing via EST.")
        .string("est-http-username", 63, "", "HTTP Authentication username for signing via EST.")
        .password("est-http-password", "HTTP Authentication password for signing via EST.")
        .string(
            "est-client-cert",
            79,
            "",
            "Certificate used to authenticate this FortiGate to EST server.")
        .string(
            "est-server-cert",
            79,
            "",
            "EST server's certificate must be verifiable by this certificate to be authenticated.")
        .string("est-srp-username", 63, "", "EST SRP authentication username.")
        .password("est-srp-password", "EST SRP authentication password.")
        .choice(
            "est-regeneration-method",
            "create-new-key",
            "EST behavioral options during re-enrollment.",
            "create-new-key",
            "use-existing-key")
        .build();
  }

  /** §3 [CLI80-PDF]. */
  private static NodeSchema vpnCertificateCa() {
    return NodeSchema.named("vpn certificate ca", "CA certificate.", 79)
        .pem("ca", "CA certificate as a PEM file.")
        .choice(
            "range",
            "global",
            "Either global or VDOM IP address range for the CA certificate.",
            "global",
            "vdom")
        .choice(
            "source",
            "user",
            "CA certificate source type.",
            "factory",
            "user",
            "bundle",
            "fortiguard")
        .toggle(
            "ssl-inspection-trusted",
            true,
            "Enable/disable this CA as a trusted CA for SSL inspection.")
        .string("scep-url", 255, "", "URL of the SCEP server.")
        .string("est-url", 255, "", "URL of the EST server.")
        .integer(
            "auto-update-days",
            0,
            4294967295L,
            0,
            "Number of days to wait before requesting an updated CA certificate (0 = disabled).")
        .integer(
            "auto-update-days-warning",
            0,
            4294967295L,
            0,
            "Number of days before an expiry-warning message is generated (0 = disabled).")
        .ip("source-ip", "Source IP address for communications to the SCEP server.")
        .string("ca-identifier", 255, "", "CA identifier of the SCEP server.")
        .choice("obsolete", "disable", "Enable/disable this CA as obsoleted.", "disable", "enable")
        .choice(
            "fabric-ca",
            "disable",
            "Enable/disable synchronization of CA across Security Fabric.",
            "disable",
            "enable")
        .build();
  }

  /** §3 [CLI80-PDF]. */
  private static NodeSchema vpnCertificateCrl() {
    return NodeSchema.named("vpn certificate crl", "Certificate Revocation List as a PEM file.", 35)
        .pem("crl", "Certificate Revocation List as a PEM file.")
        .choice(
            "range",
            "global",
            "Either global or VDOM IP address range for the certificate.",
            "global",
            "vdom")
        .choice("source", "user", "Certificate source type.", "factory", "user", "bundle")
        .string("update-vdom", 31, "root", "VDOM for CRL update.")
        .string("ldap-server", 35, "", "LDAP server name for CRL auto-update.")
        .string("ldap-username", 63, "", "LDAP server user name.")
        .password("ldap-password", "LDAP server user password.")
        .string("http-url", 255, "", "HTTP server URL for CRL auto-update.")
        .string("scep-url", 255, "", "SCEP server URL for CRL auto-update.")
        .string(
            "scep-cert",
            35,
            "Fortinet_CA_SSL",
            "Local certificate for SCEP communication for CRL auto-update.")
        .integer(
            "update-interval",
            0,
            4294967295L,
            0,
            "Time in seconds before the FortiGate checks for an updated CRL (0 = update only when it expires).")
        .ip("source-ip", "Source IP address for communications to a HTTP or SCEP CA server.")
        .build();
  }
}
