package org.fwsim.testbench;

import org.fwsim.testbench.bench.CryptoBoundCommand;
import org.fwsim.testbench.bench.StormCommand;
import org.fwsim.testbench.bounds.CaBoundsCommand;
import org.fwsim.testbench.bounds.SavedPairsCommand;
import org.fwsim.testbench.ca.CaCommand;
import org.fwsim.testbench.cli.OneLineErrors;
import org.fwsim.testbench.console.ConsoleCommand;
import org.fwsim.testbench.fleet.FleetCommand;
import org.fwsim.testbench.fleet.bench.FleetBenchCommand;
import org.fwsim.testbench.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The fwsim command line: one entry point for the storm, the console, the CA and fleets. */
@Command(
    name = "fwsim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Simulates FortiOS-like firewalls that enroll and renew certificates over SCEP, EST,"
            + " CMPv2 and ACME.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ConsoleCommand.class,
      CaCommand.class,
      CaBoundsCommand.class,
      CryptoBoundCommand.class,
      FleetCommand.class,
      FleetBenchCommand.class,
      ReportCommand.class,
      SavedPairsCommand.class,
      StormCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No subcommand: usage is the answer, and it is not an error.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return OneLineErrors.commandLine(new Main());
  }

  /** Version text from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"fwsim " + (v == null ? "dev" : v)};
    }
  }
}
