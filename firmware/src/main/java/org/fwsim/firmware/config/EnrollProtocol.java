package org.fwsim.firmware.config;

import java.util.Locale;

/**
 * {@code set enroll-protocol none|scep|cmpv2|acme2|est} of {@code config vpn certificate local}
 * (fortios.md §1.2): how the certificate subsystem enrolls an entry and how forticron renews it.
 */
public enum EnrollProtocol {
  NONE,
  SCEP,
  CMPV2,
  ACME2,
  EST;

  /** The CLI keyword, e.g. {@code cmpv2}. */
  public String cli() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value of a CLI keyword; the schema admits only the five, so anything else is a defect.
   *
   * @throws IllegalArgumentException for a keyword that is none of them
   */
  public static EnrollProtocol fromCli(String keyword) {
    for (EnrollProtocol p : values()) {
      if (p.cli().equals(keyword)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown enroll-protocol '" + keyword + "'");
  }
}
