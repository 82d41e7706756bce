package org.fwsim.testbench.bench;

import java.util.Locale;
import org.fwsim.firmware.config.EnrollProtocol;

/**
 * {@code --warmup}: how many warm-up appliances a storm runs ({@link WarmupPhase}), from {@code
 * none}, {@code auto} or a number. {@code auto} warms a storm against an external SCEP CA, where
 * one renewal at a time (micromdm's {@code --max-in-flight 1}) never makes the path hot on its own
 * and a warm-up pays (benchmarks.md, "A warm fleet against an external CA"), and not a storm
 * against the embedded CA, where the measured warm-ups moved little of the JIT's work out of the
 * window.
 */
final class WarmupSize {

  /** {@code auto}'s warm-up appliances with an external SCEP CA. */
  static final int AUTO_EXTERNAL = 100;

  private WarmupSize() {}

  /**
   * The warm-up appliances {@code value} asks for in a storm of {@code settings}.
   *
   * @throws IllegalArgumentException naming the option and what is wrong with the value
   */
  static int of(String value, StormSettings settings) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    boolean externalOtherThanScep =
        settings.caUrl() != null && settings.protocol() != EnrollProtocol.SCEP;
    if (v.equals("none")) {
      return 0;
    }
    if (v.equals("auto")) {
      return settings.caUrl() != null && settings.protocol() == EnrollProtocol.SCEP
          ? AUTO_EXTERNAL
          : 0;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) {
      throw new IllegalArgumentException(
          "--warmup must be none, auto or a number of appliances, got " + value);
    }
    if (n > 0 && externalOtherThanScep) {
      throw new IllegalArgumentException(
          "--warmup "
              + n
              + ": with --ca the warm-up enrolls with an embedded SCEP CA of its own, which warms"
              + " the SCEP path only, not --protocol "
              + settings.protocol().cli()
              + "'s; give --warmup none");
    }
    return n;
  }
}
