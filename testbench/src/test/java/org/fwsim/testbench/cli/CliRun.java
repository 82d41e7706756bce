package org.fwsim.testbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fwsim.testbench.Main;
import picocli.CommandLine;

/**
 * One run of the {@code fwsim} command line as a user types it, for tests of options and help.
 *
 * @param exitCode what {@code fwsim} exits with (2: a usage error)
 * @param out what it printed on standard output (usage, help)
 * @param err what it printed on standard error (usage errors)
 */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code fwsim args...} to its end. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
