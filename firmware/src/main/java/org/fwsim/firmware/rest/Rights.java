package org.fwsim.firmware.rest;

import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;

/**
 * What an access profile ({@code config system accprofile}) grants on one REST path: the path
 * belongs to a permission group (interfaces, routing and SD-WAN to {@code netgrp}, certificates to
 * {@code vpngrp}, the rest of {@code system} to {@code sysgrp}), whose {@code none|read|read-write}
 * decides. A {@code custom} group counts as read-write (its detail is not modelled). Global
 * settings in a multi-VDOM appliance also need {@code scope global}.
 */
record Rights(boolean read, boolean write, boolean global) {
  static final Rights NONE = new Rights(false, false, false);

  /** The rights of profile {@code name} on a path; none when the profile does not exist. */
  static Rights of(ConfigTree tree, String profile, String path) {
    ConfigObject p = tree.global().table("system accprofile").get(profile);
    if (p == null) {
      return NONE;
    }
    String access = p.text(group(path));
    boolean write = access.equals("read-write") || access.equals("custom");
    return new Rights(write || access.equals("read"), write, p.text("scope").equals("global"));
  }

  /** The permission group of a cmdb ({@code system interface}) or monitor path. */
  static String group(String path) {
    if (path.startsWith("system interface")
        || path.startsWith("system sdwan")
        || path.startsWith("router")
        || path.startsWith("virtual-wan")) {
      return "netgrp";
    }
    if (path.startsWith("vpn")) {
      return "vpngrp";
    }
    return "sysgrp";
  }
}
