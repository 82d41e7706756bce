package org.fwsim.firmware.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * {@code config system global} {@code set timezone}: FortiOS's two-digit zone index (or an IANA
 * zone name) to a {@link ZoneId}.
 *
 * <p>INFERENCE: only the North American indices of FortiOS's numbered list are mapped (04 is the
 * factory default, (GMT-8:00) Pacific Time); the reference does not give the full table. Newer
 * FortiOS releases take IANA names, so those are accepted as they are.
 */
public final class FortiTimezone {

  /** The factory default index. */
  public static final String DEFAULT_INDEX = "04";

  private static final Map<String, ZoneId> INDEX =
      Map.of(
          "02", ZoneId.of("Pacific/Honolulu"),
          "03", ZoneId.of("America/Anchorage"),
          "04", ZoneId.of("America/Los_Angeles"),
          "05", ZoneId.of("America/Phoenix"),
          "06", ZoneId.of("America/Denver"),
          "08", ZoneId.of("America/Chicago"),
          "12", ZoneId.of("America/New_York"));

  private FortiTimezone() {}

  /**
   * @throws IllegalArgumentException naming the value when it is neither a known index nor a zone
   *     name
   */
  public static ZoneId of(String cli) {
    String v = cli == null ? "" : cli.strip();
    ZoneId z = INDEX.get(v.length() == 1 ? "0" + v : v);
    if (z != null) {
      return z;
    }
    if (!v.isEmpty() && !v.chars().allMatch(Character::isDigit)) {
      try {
        return ZoneId.of(v);
      } catch (DateTimeException e) {
        // fall through to the error naming the value
      }
    }
    throw new IllegalArgumentException(
        "unknown timezone '"
            + v
            + "' (fwsim knows the indices "
            + String.join(", ", new java.util.TreeSet<>(INDEX.keySet()))
            + " and IANA names such as UTC)");
  }
}
