package org.fwsim.firmware.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fwsim.firmware.cli.Attribute;
import org.fwsim.firmware.cli.ConfigObject;

/**
 * One {@code config system accprofile} entry as a value: its scope and the access it grants per
 * permission group ({@code sysgrp}, {@code netgrp}, ...).
 *
 * @param name the profile's name ({@code super_admin}, {@code prof_admin})
 * @param global {@code set scope global}: the holder may act on every VDOM and on global settings
 * @param groups access per group name, in {@code show} order
 */
public record AccessProfile(String name, boolean global, Map<String, Access> groups) {

  /** The profile a reference to a missing one stands for: it grants nothing. */
  public static AccessProfile none(String name) {
    return new AccessProfile(name, false, Map.of());
  }

  public AccessProfile {
    groups = Map.copyOf(groups);
  }

  /** Reads an entry of {@code config system accprofile}. */
  static AccessProfile of(String name, ConfigObject entry) {
    Map<String, Access> groups = new LinkedHashMap<>();
    for (Attribute a : entry.schema().attributes()) {
      if (a.name().endsWith("grp") || a.name().equals("wifi")) {
        groups.put(a.name(), Access.parse(entry.text(a.name())));
      }
    }
    return new AccessProfile(name, entry.text("scope").equals("global"), groups);
  }

  /** The access granted on {@code group}; {@link Access#NONE} for a group the profile lacks. */
  public Access access(String group) {
    return groups.getOrDefault(group, Access.NONE);
  }
}
