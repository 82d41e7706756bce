package org.fwsim.testbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fwsim.testbench.cli.DurationConverter;

/** The run's parameters as the report lists them: the options, then what the run found. */
final class StormParameters {

  private StormParameters() {}

  /**
   * The parameters every shard of one run must share for their results to add up: the fleet, the
   * key, the CA, the faults, the shard count and the template (by content, since its path may
   * differ from pod to pod). {@code report merge} refuses shards that differ in any.
   */
  static Map<String, String> fleet(StormSettings settings, int rounds) {
    Map<String, String> p = new LinkedHashMap<>();
    putFleetOptions(p, "", settings);
    p.put("faults", String.join(",", settings.faults().describe()));
    p.put("jitter", DurationConverter.format(settings.jitter()));
    p.put("scep-flow", settings.scepFlow().keyword());
    p.put("shards", Integer.toString(settings.shard().count()));
    p.put("rounds", Integer.toString(rounds));
    p.put("template", settings.template() == null ? "built in" : digest(settings));
    return p;
  }

  /** The options that shape the fleet and its CA, each named {@code prefix} + its option name. */
  private static void putFleetOptions(
      Map<String, String> p, String prefix, StormSettings settings) {
    p.put(prefix + "devices", Integer.toString(settings.devices()));
    p.put(prefix + "vdoms", Integer.toString(settings.vdoms()));
    p.put(prefix + "key", settings.key());
    p.put(prefix + "ca", CaSetup.describe(settings));
    p.put(prefix + "pending-ratio", Double.toString(settings.pendingRatio()));
  }

  private static String digest(StormSettings settings) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(settings.template()));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + settings.template(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * @param bound SCEP transactions in flight at most: the user's or the automatic bound (which
   *     {@link InFlightControl} may have lowered for a while), 0 for none
   */
  static Map<String, String> of(
      StormSettings settings,
      long certificates,
      int bound,
      StormVerifier.Check check,
      int dueAgain) {
    Map<String, String> p = new LinkedHashMap<>();
    putFleetOptions(p, "--", settings);
    p.put(
        "--faults",
        settings.faults().describe().isEmpty()
            ? "none"
            : String.join(",", settings.faults().describe()));
    p.put("--jitter", DurationConverter.format(settings.jitter()));
    p.put("--shard", settings.shard().toString());
    p.put("--workers", Integer.toString(settings.workerThreads()));
    p.put(
        "--max-in-flight",
        bound == 0
            ? "unlimited"
            : settings.maxInFlight() == 0
                ? "at most " + bound + " (automatic), fewer while the CA answered slowly"
                : Integer.toString(bound));
    p.put("bound key", settings.boundKey().label());
    p.put("certificates valid at end", check.valid() + "/" + certificates);
    p.put("certificates renewed (new certificate)", check.renewed() + "/" + certificates);
    if (check.reusedSerials() > 0) {
      p.put("renewed with the old serial (CA reused it)", Long.toString(check.reusedSerials()));
    }
    if (dueAgain > 0) {
      // Honest about the intervention: these would have been renewed again and again.
      p.put(
          "renewed already due again (CA clock behind; auto-regenerate then set 0)",
          Integer.toString(dueAgain));
    }
    return p;
  }
}
