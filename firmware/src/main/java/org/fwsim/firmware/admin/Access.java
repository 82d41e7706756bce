package org.fwsim.firmware.admin;

/** What an access profile grants on one permission group ({@code set sysgrp read-write}). */
public enum Access {
  NONE,
  READ,
  READ_WRITE,
  CUSTOM;

  /** The value as the CLI spells it ({@code read-write}). */
  static Access parse(String cli) {
    return switch (cli) {
      case "read" -> READ;
      case "read-write" -> READ_WRITE;
      case "custom" -> CUSTOM;
      default -> NONE;
    };
  }
}
