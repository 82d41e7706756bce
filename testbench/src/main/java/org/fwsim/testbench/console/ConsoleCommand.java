package org.fwsim.testbench.console;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.cli.CaOptions;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fwsim console}: one simulated appliance, its FortiOS CLI, and an embedded SCEP CA. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Boots one simulated FortiGate and opens its FortiOS CLI, with an embedded SCEP CA at "
          + ConsoleSimulation.CA_URL
          + " in the same simulation.",
      "On a terminal: line editing, history, TAB completion and '?' help. Otherwise (or with "
          + "--script) commands are read from stdin and a transcript is printed; the exit status "
          + "is 0 at the end of input.",
      "Simulator controls live under 'sim' (sim clock, sim ca)."
    })
public final class ConsoleCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Boot from FILE (created from the factory default when missing) and save every "
              + "configuration change back to it, crash-safely (write, fsync, rename).")
  Path config;

  @Option(names = "--no-save", description = "With --config: never write FILE.")
  boolean noSave;

  @Mixin CaOptions ca = new CaOptions();

  @Option(
      names = "--hostname",
      defaultValue = "FGVM01",
      description = "Hostname of the factory default (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(
      names = "--serial",
      defaultValue = "FGVM01TM26000001",
      description = "Serial number of the appliance (default: ${DEFAULT-VALUE}).")
  String serial;

  @Option(
      names = "--script",
      description = "Read commands from stdin and print a transcript even on a terminal.")
  boolean script;

  @Option(
      names = "--settle",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "At the end of a script, wait up to this long for work in flight such as an "
              + "enrollment (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Override
  public Integer call() throws Exception {
    ConsoleSimulation.Settings settings =
        new ConsoleSimulation.Settings(
            config,
            !noSave,
            ca.url,
            ca.challenge.value(),
            hostname,
            serial,
            Duration.ofSeconds(60));
    PrintStream out = System.out;
    // The simulation starts at the host's time and runs in real time until `sim clock` says
    // otherwise.
    SimClock clock = SimClock.realtime(Instant.now());
    try (Hypervisor hv =
            Hypervisor.builder(clock).workers(1).ioThreads(1).keygenThreads(1).build();
        ConsoleSimulation sim = ConsoleSimulation.start(settings, hv, () -> {}, out)) {
      if (script || System.console() == null) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return sim.runScript(in, out, Duration.ofSeconds(settleSeconds));
      }
      try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
        return sim.runTerminal(terminal);
      }
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("fwsim console: " + e.getMessage());
      return 1;
    }
  }
}
