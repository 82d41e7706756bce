package org.fwsim.firmware.cli;

/**
 * The administrator tables, as data: {@code config system admin}, {@code config system accprofile}
 * and {@code config system console}. Field names are FortiOS's (CLI reference "system admin",
 * "system accprofile"); the subset is what the management planes enforce. See {@link FortiSchema}.
 */
final class AdminSchema {
  /** FortiOS's permission groups of an access profile, in {@code show} order. */
  static final String[] GROUPS = {
    "secfabgrp",
    "ftviewgrp",
    "authgrp",
    "sysgrp",
    "netgrp",
    "loggrp",
    "fwgrp",
    "vpngrp",
    "utmgrp",
    "wanoptgrp",
    "wifi"
  };

  private AdminSchema() {}

  /** Administrator accounts; the password is one-way ({@code ENC SH2...}). */
  static NodeSchema systemAdmin() {
    NodeSchema.Builder b =
        NodeSchema.named("system admin", "Configure admin users.", 64)
            .global()
            .string("accprofile", 35, "", "Access profile for this administrator.")
            // A list, as on FortiOS: an administrator may be given several VDOMs.
            .vdomRefs(
                "vdom", ConfigTree.ROOT_VDOM, true, "Virtual domain(s) that the admin can access.");
    for (int i = 1; i <= 10; i++) {
      b.classnet(
          "trusthost" + i,
          "Any IPv4 address or subnet address and netmask from which the administrator can"
              + " connect to the FortiGate unit. Default allows access from any IPv4 address.");
    }
    for (int i = 1; i <= 3; i++) {
      b.string("ssh-public-key" + i, 4096, "", "Public key of an SSH client.");
    }
    return b.string("comments", 255, "", "Comment.")
        .adminPassword("password", "Admin user password.")
        .build();
  }

  /** Access profiles: a scope and a permission per group. */
  static NodeSchema systemAccprofile() {
    NodeSchema.Builder b =
        NodeSchema.named(
                "system accprofile", "Configure access profiles for system administrators.", 35)
            .global()
            .choice(
                "scope",
                "vdom",
                "Scope of admin access: global or specific VDOM(s).",
                "vdom",
                "global")
            .string("comments", 255, "", "Comment.");
    for (String g : GROUPS) {
      b.choice(
          g, "none", "Administrator access to " + g + ".", "none", "read", "read-write", "custom");
    }
    return b.integer(
            "admintimeout",
            1,
            480,
            10,
            "Administrator timeout for this access profile (0 - 480 min, default = 10).")
        .toggle(
            "admintimeout-override",
            false,
            "Enable/disable overriding the global administrator idle timeout.")
        .build();
  }

  /** The console's output mode: {@code more} pages long output, {@code standard} does not. */
  static NodeSchema systemConsole() {
    return NodeSchema.singleton("system console", "Configure console.")
        .global()
        .choice("output", "more", "Console output mode.", "standard", "more")
        .build();
  }
}
