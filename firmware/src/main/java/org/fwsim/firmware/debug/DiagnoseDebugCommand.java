package org.fwsim.firmware.debug;

import java.util.List;
import java.util.Locale;

/**
 * Runs the words after {@code diagnose debug} against a {@link DebugControl}: {@code application
 * <app> <level>}, {@code enable}, {@code disable}, {@code reset}, {@code info}, {@code console
 * timestamp enable|disable}, {@code duration <minutes>}. Keywords may be shortened to any
 * unambiguous prefix, as on the FortiOS CLI ({@code diag debug app scep -1}).
 */
public final class DiagnoseDebugCommand {
  private static final List<String> VERBS =
      List.of("application", "enable", "disable", "reset", "info", "console", "duration");

  private DiagnoseDebugCommand() {}

  /**
   * Executes one command.
   *
   * @param words the words after {@code diagnose debug}
   * @return the lines the console prints (often none)
   * @throws IllegalArgumentException naming what was wrong, for an unknown or incomplete command
   */
  public static List<String> run(DebugControl debug, List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "diagnose debug: command incomplete (" + String.join("|", VERBS) + ")");
    }
    switch (keyword(words.get(0), VERBS)) {
      case "application":
        return application(debug, words);
      case "enable":
        debug.enable();
        return List.of();
      case "disable":
        debug.disable();
        return List.of();
      case "reset":
        debug.reset();
        return List.of();
      case "info":
        return debug.info();
      case "console":
        return console(debug, words);
      default: // "duration"
        return duration(debug, words);
    }
  }

  private static List<String> application(DebugControl debug, List<String> words) {
    if (words.size() < 2) {
      throw new IllegalArgumentException(
          "diagnose debug application: name of the application missing");
    }
    DebugApplication app = DebugApplication.byCliName(words.get(1));
    if (words.size() == 2) {
      // FortiOS shows the current level when none is given.
      return List.of(app.keyword() + " debug level is " + debug.settings().level(app));
    }
    return debug.application(app, integer(words.get(2), "debug level"));
  }

  private static List<String> console(DebugControl debug, List<String> words) {
    if (words.size() < 3 || !keyword(words.get(1), List.of("timestamp")).equals("timestamp")) {
      throw new IllegalArgumentException(
          "diagnose debug console: expected 'timestamp enable|disable'");
    }
    debug.consoleTimestamp(keyword(words.get(2), List.of("enable", "disable")).equals("enable"));
    return List.of();
  }

  private static List<String> duration(DebugControl debug, List<String> words) {
    if (words.size() < 2) {
      return List.of("debug duration: " + debug.settings().durationMinutes() + " minutes");
    }
    debug.duration(integer(words.get(1), "duration in minutes"));
    return List.of();
  }

  private static String keyword(String typed, List<String> choices) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String found = null;
    for (String choice : choices) {
      if (choice.equals(lower)) {
        return choice;
      }
      if (choice.startsWith(lower)) {
        if (found != null) {
          throw new IllegalArgumentException(
              "ambiguous command '" + typed + "' (" + found + ", " + choice + ")");
        }
        found = choice;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(
          "unknown command '" + typed + "' (expected " + String.join("|", choices) + ")");
    }
    return found;
  }

  private static int integer(String typed, String what) {
    try {
      return Integer.parseInt(typed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, got '" + typed + "'", e);
    }
  }
}
