package org.fwsim.firmware.cli;

import java.util.List;

/**
 * Behaviour of one registered non-config command ({@code get system status}, {@code execute date},
 * {@code sim clock advance}). Returns the text to print; throws {@link CliException} for a
 * FortiOS-style failure.
 */
@FunctionalInterface
public interface CommandHandler {
  String run(CommandContext context, List<String> args) throws CliException;
}
