package org.fwsim.firmware.debug;

import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;

/**
 * {@code diagnose debug ...}: each verb registered for help, all run by {@link
 * DiagnoseDebugCommand}.
 */
public final class DebugCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    for (String verb :
        List.of(
            "application", "enable", "disable", "reset", "info", "duration", "console timestamp")) {
      verb(r, verb);
    }
  }

  private static void verb(CommandRegistry r, String verb) {
    List<String> words = List.of(verb.split(" "));
    r.bind(
        "diagnose debug " + verb,
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
