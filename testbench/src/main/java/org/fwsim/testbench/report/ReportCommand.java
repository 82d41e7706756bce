package org.fwsim.testbench.report;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fwsim.testbench.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fwsim report}: what is done with results once runs have written them. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Works on the results.json that storms wrote.",
    subcommands = {ReportCommand.Merge.class})
public final class ReportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code fwsim report merge DIR... [--out DIR]}: one result from the shards of one storm. */
  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      description =
          "Adds the results of a sharded storm's shards (the --out directories of"
              + " `fwsim storm --shard i/n`) into one results.json and report.html: percentiles"
              + " from the merged latency histograms, the rate over the union of the storm windows,"
              + " failures by kind summed, one row per shard and how far apart they started.")
  public static final class Merge implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A shard's --out directory.")
    List<Path> dirs;

    @Option(
        names = "--out",
        defaultValue = "merged",
        description = "Directory for the merged results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      CommandLine cli = spec.commandLine();
      PrintWriter err = cli.getErr();
      MergedRun merged;
      try {
        merged = ShardMerge.read(dirs);
      } catch (MergeException e) {
        err.println(OneLineErrors.prefix(cli) + ": " + e.getMessage());
        err.flush();
        return OneLineErrors.BAD_INPUT;
      }
      PrintWriter o = cli.getOut();
      try {
        ReportFiles.write(merged, out);
      } catch (UncheckedIOException e) {
        err.println(OneLineErrors.prefix(cli) + ": " + e.getMessage());
        err.flush();
        return 1;
      }
      o.println(summary(merged));
      o.println("Wrote " + out.resolve(ReportFiles.JSON) + " and " + out.resolve(ReportFiles.HTML));
      o.flush();
      return 0;
    }
  }

  /** The merged storm in a few lines for the terminal. */
  static String summary(MergedRun m) {
    MergedRun.Phase s = m.storm();
    return String.format(
        Locale.ROOT,
        "Run %s, %d shards: %,d devices, %,d certificates%n"
            + "Storm: %,d renewed, %,d given up, %,d failed tries, %.1f/s over %.3f s;"
            + " latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n"
            + "Shards started %.3f s apart",
        m.runId(),
        m.shardCount(),
        m.devices(),
        m.certificates(),
        s.ok(),
        s.failed(),
        s.failedTries(),
        m.stormPerSecond(),
        m.windowSeconds(),
        s.latencyMs().p50(),
        s.latencyMs().p90(),
        s.latencyMs().p99(),
        s.latencyMs().max(),
        m.startSpreadSeconds());
  }
}
