package org.fwsim.firmware.debug;

import java.util.Locale;
import java.util.Optional;
import org.fwsim.hal.lang.Enums;

/**
 * The daemons whose debug output {@code diagnose debug application <app> <level>} switches on,
 * spelled as on FortiOS.
 */
public enum DebugApplication {
  /** The SCEP client library: the older {@code func: message} lines (KB-262267). */
  SCEP("scep"),
  /**
   * forticron: certificate timers and the SCEP connection, {@code func()-N: message} lines
   * (KB-420924).
   */
  FORTICRON("forticron"),
  /** SD-WAN manager (member selection, health checks). */
  SDWANMNGER("sdwanmnger"),
  /** Link monitor daemon (health-check probes). */
  LNKMTD("lnkmtd"),
  /**
   * The EST client (RFC 7030). FortiOS documents no debug output for it (fortios.md is silent); the
   * name and its {@code func: message} lines are fwsim's own, in the spirit of the SCEP trace.
   */
  EST("est");

  private static final DebugApplication[] ALL = values();

  private final String cliName;

  DebugApplication(String cliName) {
    this.cliName = cliName;
  }

  /** The name typed after {@code diagnose debug application}. */
  public String cliName() {
    return cliName;
  }

  /** Looks an application up by its CLI name; throws with the known names if there is none. */
  public static DebugApplication byCliName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    Optional<DebugApplication> found =
        Enums.find(DebugApplication.class, app -> app.cliName.equals(wanted));
    if (found.isPresent()) {
      return found.get();
    }
    StringBuilder known = new StringBuilder();
    for (DebugApplication app : ALL) {
      known.append(known.length() == 0 ? "" : ", ").append(app.cliName);
    }
    throw new IllegalArgumentException(
        "unknown debug application '" + name + "' (known: " + known + ")");
  }

  static int count() {
    return ALL.length;
  }
}
