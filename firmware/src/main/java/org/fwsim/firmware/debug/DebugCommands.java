package org.fwsim.firmware.debug;

import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.cli.ArgSpec;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;

/**
 * {@code diagnose debug ...}: each verb registered for help, all run by {@link
 * DiagnoseDebugCommand}.
 */
public final class DebugCommands {

  private DebugCommands() {}

  /** Registers the commands into the registry every appliance of the JVM shares. */
  public static void register(CommandRegistry r) {
    r.describe("diagnose debug", "Debug command.");
    String[] apps = new String[DebugApplication.values().length];
    for (DebugApplication app : DebugApplication.values()) {
      apps[app.ordinal()] = app.keyword();
    }
    verb(
        r,
        "application",
        "Set/get debug level for daemons.",
        ArgSpec.of("application", "Daemon name.", apps),
        ArgSpec.of("level", "Debug level (-1 for all)."));
    verb(r, "enable", "Enable debug output.");
    verb(r, "disable", "Disable debug output.");
    verb(r, "reset", "Reset all debug level to default.");
    verb(r, "info", "Show active debug level settings.");
    verb(
        r,
        "duration",
        "Set/get debug duration in minutes (0 for unlimited).",
        ArgSpec.of("minutes", "Duration in minutes."));
    r.describe("diagnose debug console", "Set console debug settings.");
    verb(
        r,
        "console timestamp",
        "Enable/disable timestamp in debug output.",
        ArgSpec.of("state", "Enable/disable.", "enable", "disable"));
  }

  private static void verb(CommandRegistry r, String verb, String help, ArgSpec... args) {
    List<String> words = List.of(verb.split(" "));
    r.register(
        "diagnose debug " + verb,
        help,
        List.of(args),
        (ctx, given) -> {
          List<String> all = new ArrayList<>(words);
          all.addAll(given);
          try {
            List<String> lines = DiagnoseDebugCommand.run(ctx.service(DebugControl.class), all);
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ReturnCodes.INVALID);
          }
        });
  }
}
