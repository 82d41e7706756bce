package org.fwsim.testbench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A bad option is answered with one line on standard error, {@code fwsim storm: <what is wrong>},
 * and exit status 2: no usage text after it, no stack trace. Scripts read the line; {@code --help}
 * is there for the rest.
 */
public final class OneLineErrors implements IParameterExceptionHandler {

  /** Exit status for input the command refuses. */
  public static final int BAD_INPUT = 2;

  /** A command line for {@code command} that answers bad options in one line. */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command).setParameterExceptionHandler(new OneLineErrors());
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(prefix(cmd) + ": " + message(ex).replace('\n', ' '));
    err.flush();
    return BAD_INPUT;
  }

  /**
   * picocli's text, except that a value a converter refused reads {@code --shard: <why>} rather
   * than {@code Invalid value for option '--shard': <why>}, and not at all twice when the reason
   * already names the option.
   */
  static String message(ParameterException ex) {
    String text = ex.getMessage();
    if (ex.getArgSpec() instanceof OptionSpec option) {
      String picocli = "Invalid value for option '" + option.longestName() + "': ";
      if (text.startsWith(picocli)) {
        String why = text.substring(picocli.length());
        return why.startsWith(option.longestName()) ? why : option.longestName() + ": " + why;
      }
    }
    return text;
  }

  /** {@code fwsim storm}, whether the command runs under {@code fwsim} or alone (tests). */
  public static String prefix(CommandLine cmd) {
    String name = cmd.getCommandSpec().qualifiedName();
    return name.startsWith("fwsim") ? name : "fwsim " + name;
  }
}
