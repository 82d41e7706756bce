package org.fwsim.firmware.log;

/**
 * The event log messages fwsim writes, with the FortiOS message ids and descriptions from the log
 * message reference (../shared/reference/fortios.md §5.4).
 *
 * <p>The 10-digit logid is type (2 digits), subtype (2) and message id (6): event=01, system=00,
 * vpn=01. Descriptions marked "inferred" are not in the reference and follow the neighbouring ids'
 * wording.
 */
public enum LogId {
  AUTO_UPT_CERT(22200, "system", LogLevel.WARNING, "Certificate will be auto-updated"),
  AUTO_GEN_CERT_FAIL(
      22203, "system", LogLevel.ERROR, "Certificate failed to auto-generate"), // inferred
  AUTO_GEN_CERT_PENDING(
      22204, "system", LogLevel.NOTICE, "Certificate auto-generate pending"), // inferred
  AUTO_GEN_CERT_SUCC(22205, "system", LogLevel.INFORMATION, "Certificate succeed to auto-generate"),
  /** Message 32002, LOG_ID_ADMIN_LOGIN_FAIL (FortiOS Log Message Reference, 6.0.16 and later). */
  ADMIN_LOGIN_FAIL(32002, "system", LogLevel.ALERT, "Admin login failed"),
  GET_CRL(32148, "system", LogLevel.NOTICE, "CRL update requested"),
  VPN_CERT_LOAD(41984, "vpn", LogLevel.INFORMATION, "Certificate loaded"), // inferred
  VPN_CERT_REMOVAL(41985, "vpn", LogLevel.INFORMATION, "Certificate removed"), // inferred
  VPN_CERT_REGEN(41986, "vpn", LogLevel.INFORMATION, "Certificate regenerated"), // inferred
  VPN_CERT_UPDATE(41987, "vpn", LogLevel.INFORMATION, "Certificate updated"),
  VPN_CERT_UPDATE_FAILED(41990, "vpn", LogLevel.INFORMATION, "Certificate update failed");

  private final int messageId;
  private final String subtype;
  private final LogLevel level;
  private final String description;
  private final String logid;

  LogId(int messageId, String subtype, LogLevel level, String description) {
    this.messageId = messageId;
    this.subtype = subtype;
    this.level = level;
    this.description = description;
    int subtypeCode = subtype.equals("vpn") ? 1 : 0;
    this.logid = String.format("01%02d%06d", subtypeCode, messageId);
  }

  public int messageId() {
    return messageId;
  }

  /** The log type; every message here is an event log. */
  public String type() {
    return "event";
  }

  public String subtype() {
    return subtype;
  }

  public LogLevel level() {
    return level;
  }

  /** The `logdesc` text. */
  public String description() {
    return description;
  }

  /** The 10-digit `logid`, e.g. {@code 0100022200}. */
  public String logid() {
    return logid;
  }
}
