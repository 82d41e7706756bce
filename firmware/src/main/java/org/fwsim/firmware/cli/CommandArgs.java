package org.fwsim.firmware.cli;

import java.util.List;

/**
 * Checks on the words typed after a registered command's path, failing as FortiOS's parser does:
 * the error names the first word too many, or is empty when a word is missing.
 */
public final class CommandArgs {

  private CommandArgs() {}

  /** Requires exactly {@code n} words. */
  public static void exactly(List<String> args, int n) throws CliException {
    if (args.size() != n) {
      throw CliException.parse(args.size() < n ? "" : args.get(n));
    }
  }

  /**
   * Requires {@code min} to {@code max} words: fewer fail with {@code incomplete}, more as a parse
   * error on the first word too many.
   */
  public static void between(List<String> args, int min, int max, String incomplete)
      throws CliException {
    if (args.size() < min) {
      throw new CliException(incomplete, ReturnCodes.INVALID);
    }
    atMost(args, max);
  }

  /** Requires at most {@code n} words. */
  public static void atMost(List<String> args, int n) throws CliException {
    if (args.size() > n) {
      throw CliException.parse(args.get(n));
    }
  }

  /**
   * A whole number from {@code min} to {@code max}; anything else fails as a parse error on the
   * word.
   */
  public static int number(String word, int min, int max) throws CliException {
    try {
      int n = Integer.parseInt(word);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the parse error below
    }
    throw CliException.parse(word);
  }

  /** A whole number; anything else fails as a parse error on the word. */
  public static int integer(String word) throws CliException {
    return number(word, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** The one word a command takes. */
  public static String one(List<String> args) throws CliException {
    exactly(args, 1);
    return args.get(0);
  }
}
