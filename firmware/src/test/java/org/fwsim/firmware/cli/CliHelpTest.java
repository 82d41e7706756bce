package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ?} lists each word a context offers with FortiOS's help, in FortiOS's order. */
class CliHelpTest {

  private final CliSession cli =
      new CliSession(new ConfigTree(), new CommandRegistry(), Services.NONE);

  private List<String> help(String partialLine) {
    return Arrays.asList(cli.help(partialLine).split("\n"));
  }

  private static String line(String word, String help) {
    return String.format("%-25s %s", word, help);
  }

  @Test
  void topOffersConfigGetAndShow() {
    assertEquals(
        List.of(
            line("config", "Configure object."),
            line("get", "Get dynamic and system information."),
            line("show", "Show configuration.")),
        help("").subList(0, 3));
    assertEquals(line("full-configuration", "Show full configuration."), help("show ").get(0));
  }

  @Test
  void aTableOffersItsEntryCommands() {
    cli.execute("config vpn certificate local");
    assertEquals(
        List.of(
            line("delete", "Delete table entry."),
            line("edit", "Add/edit table value."),
            line("end", "End and save last config."),
            line("get", "Get dynamic and system information."),
            line("purge", "Clear all table entries."),
            line("rename", "Rename table entry."),
            line("show", "Show configuration.")),
        help(""));
  }

  @Test
  void anEntryOffersItsValueCommands() {
    cli.execute("config vpn certificate local");
    cli.execute("edit one");
    assertEquals(
        List.of(
            line("set", "Modify value."),
            line("unset", "Set to default value."),
            line("append", "Append values."),
            line("select", "Clear all values and select new values."),
            line("unselect", "Remove values."),
            line("get", "Get dynamic and system information."),
            line("show", "Show configuration."),
            line("next", "Configure next table entry."),
            line("abort", "End and discard last config."),
            line("end", "End and save last config.")),
        help(""));
  }
}
