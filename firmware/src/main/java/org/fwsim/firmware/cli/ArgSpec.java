package org.fwsim.firmware.cli;

import java.util.List;

/**
 * One positional argument of a registered command, for {@code ?} help and TAB completion.
 *
 * @param name shown in help as {@code <name>}
 * @param help one line
 * @param options fixed choices offered by completion; empty when free-form
 */
public record ArgSpec(String name, String help, List<String> options) {
  public ArgSpec {
    options = List.copyOf(options);
  }

  public static ArgSpec of(String name, String help, String... options) {
    return new ArgSpec(name, help, List.of(options));
  }
}
