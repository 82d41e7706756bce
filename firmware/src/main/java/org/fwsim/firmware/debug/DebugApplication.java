package org.fwsim.firmware.debug;

import java.util.Locale;
import java.util.Optional;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.lang.Enums;

/**
 * The daemons whose debug output {@code diagnose debug application <app> <level>} switches on,
 * spelled as on FortiOS.
 */
public enum DebugApplication implements CliKeyword {
  /** The SCEP client library: the older {@code func: message} lines (KB-262267). */
  SCEP,
  /**
   * forticron: certificate timers and the SCEP connection, {@code func()-N: message} lines
   * (KB-420924).
   */
  FORTICRON,
  /**
   * The CMPv2 client. FortiOS documents no debug output for it (fortios.md is silent): the name and
   * its {@code func()-N: message} lines are fwsim's own, in the shape of forticron's.
   */
  CMP,
  /** SD-WAN manager (member selection, health checks). */
  SDWANMNGER,
  /** Link monitor daemon (health-check probes). */
  LNKMTD,
  /** The ACME client (RFC 8555); its lines are fwsim's own, the reference has no sample. */
  ACME;

  private static final DebugApplication[] ALL = values();

  /** Looks an application up by its CLI name; throws with the known names if there is none. */
  public static DebugApplication byCliName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    Optional<DebugApplication> found =
        Enums.find(DebugApplication.class, app -> app.keyword().equals(wanted));
    if (found.isPresent()) {
      return found.get();
    }
    StringBuilder known = new StringBuilder();
    for (DebugApplication app : ALL) {
      known.append(known.length() == 0 ? "" : ", ").append(app.keyword());
    }
    throw new IllegalArgumentException(
        "unknown debug application '" + name + "' (known: " + known + ")");
  }

  static int count() {
    return ALL.length;
  }
}
