package org.fwsim.firmware.cli;

import java.util.List;

/**
 * The {@code config system global} and {@code config system interface} tables, as data. Sections
 * cited inline are those of {@code shared/reference/fortios.md}; see {@link FortiSchema}.
 */
final class SystemSchema {

  private SystemSchema() {}

  /** §7; hostname default is the VM prompt name, admin fields are common FortiOS defaults. */
  static NodeSchema systemGlobal() {
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
        .integer("admin-ssh-port", 1, 65535, 22, "Administrative access port for SSH.")
        .string(
            "admin-server-cert",
            35,
            "self-sign",
            "Server certificate that the FortiGate uses for HTTPS administrative connections.")
        .integer(
            "admin-lockout-threshold",
            1,
            10,
            3,
            "Number of failed login attempts before an administrator account is locked out.")
        .integer(
            "admin-lockout-duration",
            1,
            2147483647,
            60,
            "Amount of time in seconds that an administrator account is locked out after"
                + " reaching the admin-lockout-threshold.")
        .string("timezone", 63, "04", "Time zone index (FortiOS numbering).")
        .choice(
            "vdom-mode",
            "no-vdom",
            "Enable/disable support for multiple virtual domains (VDOMs).",
            "no-vdom",
            "multi-vdom")
        .vdomRef("management-vdom", "root", false, "Management virtual domain name.")
        // FortiOS keeps the SSH host key in its configuration; the SSH plane writes it once,
        // sealed as a local certificate's key is (ENCRYPTED PRIVATE KEY under the password).
        .string("ssh-hostkey", 4095, "", "Config SSH host key.")
        .password("ssh-hostkey-password", "Password for ssh-hostkey.")
        // fwsim keeps the factory self-signed HTTPS certificate (sealed key, then certificate,
        // PEM) here, made at the first HTTPS connection, so a restored device presents the same
        // one.
        .string(
            "admin-server-cert-self-sign",
            8191,
            "",
            "Factory self-signed HTTPS server certificate and key (PEM).")
        .password(
            "admin-server-cert-self-sign-password",
            "Password of the factory self-signed HTTPS server certificate's key.")
        .build();
  }

  /**
   * {@code config system acme}: the interfaces that answer ACME challenges and the accounts the
   * firmware registered (it writes them; a user may delete one to force a new account). Not in
   * fortios.md: the fields follow FortiOS 7.x's CLI reference as fwsim reads it (INFERENCE).
   */
  static NodeSchema systemAcme() {
    NodeSchema accounts =
        NodeSchema.named("accounts", "ACME accounts list.", 255)
            .string("status", 127, "", "Account status.")
            .string("url", 511, "", "Account url.")
            .string("ca_url", 255, "", "Account ca_url.")
            .string("email", 255, "", "Account email.")
            .pem("privatekey", "Account Private Key.")
            .build();
    return NodeSchema.singleton("system acme", "Configure ACME client.")
        .global()
        .strings(
            "interface", 79, "Interface(s) on which the ACME client will listen for challenges.")
        .toggle(
            "use-ha-direct",
            false,
            "Enable the use of 'ha-mgmt' interface to connect to the ACME server.")
        .ip("source-ip", "Source IPv4 address used to connect to the ACME server.")
        .child(accounts)
        .build();
  }

  /** §8.1; status/type/mode defaults are marked unverified in the reference. */
  static NodeSchema systemInterface() {
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
}
