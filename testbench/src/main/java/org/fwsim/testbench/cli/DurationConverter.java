package org.fwsim.testbench.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads a duration option the way people write one: {@code 250ms}, {@code 90s}, {@code 5m}, {@code
 * 2h}, {@code 1d}, or ISO-8601 ({@code PT1H30M}). Negative durations are refused.
 */
public final class DurationConverter extends ParsingConverter<Duration> {

  public DurationConverter() {
    super(DurationConverter::parse);
  }

  /** The duration {@code text} names, or an error quoting it. */
  public static Duration parse(String text) {
    String a = text.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d = a.startsWith("p") ? Duration.parse(a.toUpperCase(Locale.ROOT)) : withUnit(a);
      if (d != null && !d.isNegative()) {
        return d;
      }
    } catch (RuntimeException e) {
      // not a number, or an ISO text that does not parse: the error below says what is expected
    }
    throw new IllegalArgumentException("'" + text + "' is no duration (e.g. 90s, 5m, 2h, 1d)");
  }

  /** The shortest of {@code 1d}, {@code 2h}, {@code 5m}, {@code 90s} or {@code 250ms} for d. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    } else if (ms != 0 && ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    } else if (ms != 0 && ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    } else if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + "ms";
  }

  private static Duration withUnit(String a) {
    if (a.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(a.substring(0, a.length() - 2)));
    }
    long n = Long.parseLong(a.substring(0, a.length() - 1));
    return switch (a.charAt(a.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> null;
    };
  }
}
