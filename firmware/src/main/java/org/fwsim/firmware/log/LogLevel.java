package org.fwsim.firmware.log;

import java.util.Locale;

/** FortiOS log severities, most severe first, spelled as they appear in `level="..."`. */
public enum LogLevel {
  EMERGENCY,
  ALERT,
  CRITICAL,
  ERROR,
  WARNING,
  NOTICE,
  INFORMATION,
  DEBUG;

  /** The lower-case name FortiOS writes in log lines. */
  public String fortiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
