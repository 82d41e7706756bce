package org.fwsim.firmware.cli;

import java.util.List;

/**
 * One positional argument of a registered command, for {@code ?} help and TAB completion.
 *
 * @param name shown in help as {@code <name>}
 * @param help one line
 * @param options fixed choices offered by completion; empty when free-form
 * @param secret a password: a transcript echoes it as {@code *}, as FortiOS masks passwords
 */
public record ArgSpec(String name, String help, List<String> options, boolean secret) {
  public ArgSpec {
    options = List.copyOf(options);
  }

  public static ArgSpec of(String name, String help, String... options) {
    return new ArgSpec(name, help, List.of(options), false);
  }

  /** A password argument (a SCEP challenge), masked in transcripts. */
  public static ArgSpec secret(String name, String help) {
    return new ArgSpec(name, help, List.of(), true);
  }
}
