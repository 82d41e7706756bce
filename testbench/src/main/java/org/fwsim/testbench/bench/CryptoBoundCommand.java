package org.fwsim.testbench.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fwsim.testbench.cli.OneLineErrors;
import org.fwsim.testbench.report.model.BoundResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fwsim crypto-bound}: measures the crypto bound of one renewal on this machine alone. */
@Command(
    name = "crypto-bound",
    mixinStandardHelpOptions = true,
    description =
        "Measures the crypto bound of a SCEP renewal (its public- and secret-key operations, and the"
            + " full BouncyCastle message processing without IO) on all cores.")
public final class CryptoBoundCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      defaultValue = "rsa2048",
      converter = CryptoBound.ClientKey.Converter.class,
      description = "Appliance key: rsa2048, rsa4096 or ec256 (default: ${DEFAULT-VALUE}).")
  CryptoBound.ClientKey key;

  @Option(names = "--threads", description = "Threads (default: one per core).")
  Integer threads;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Measured window in seconds (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up in seconds (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--no-codec", description = "Skip the full codec reference.")
  boolean noCodec;

  @Option(
      names = "--no-challenge",
      description =
          "Renewal CSRs without challengePassword: an EC"
              + " reply uses ECDH key agreement instead of the password-based envelope.")
  boolean noChallenge;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CryptoBound.Settings settings;
    try {
      int cores = Runtime.getRuntime().availableProcessors();
      settings =
          new CryptoBound.Settings(
              threads == null ? cores : threads,
              Duration.ofMillis(Math.round(warmup * 1000)),
              Duration.ofMillis(Math.round(seconds * 1000)));
    } catch (IllegalArgumentException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(OneLineErrors.prefix(spec.commandLine()) + ": " + e.getMessage());
      err.flush();
      return OneLineErrors.BAD_INPUT;
    }
    CryptoBound bound = CryptoBound.prepare(key, !noChallenge);
    BoundResult raw = bound.measure(CryptoBound.Method.RAW_OPS, settings);
    out.println(raw);
    if (!noCodec) {
      BoundResult full = bound.measure(CryptoBound.Method.FULL_CODEC, settings);
      out.println(full);
      out.printf(java.util.Locale.ROOT, "codec / raw = %.2f%n", raw.efficiency(full.perSecond()));
    }
    out.flush();
    return 0;
  }
}
