package org.fwsim.hal.pki;

import java.util.regex.Pattern;

/**
 * Appliance serial numbers in the FortiGate-VM shape {@code FGVM02TM24000001}: an eight-character
 * model prefix, the two-digit year, then a six-digit sequence. Deterministic: device index 0 of a
 * fleet is sequence 000001, so a fleet re-created from the same template gets the same serials.
 */
public final class SerialNumber {

  /** The prefix of a FortiGate-VM (FGVM02, time-limited licence). */
  public static final String FORTIGATE_VM_PREFIX = "FGVM02TM";

  /** The highest device index that still fits the six-digit sequence. */
  public static final int MAX_INDEX = 999_998;

  private static final Pattern PREFIX = Pattern.compile("[A-Z0-9]{8}");
  private static final Pattern SERIAL = Pattern.compile("[A-Z0-9]{8}\\d{2}\\d{6}");

  private SerialNumber() {}

  /**
   * The FortiGate-VM serial of device {@code index} (from 0) made in {@code year} (2000 to 2099).
   */
  public static String of(int year, int index) {
    return of(FORTIGATE_VM_PREFIX, year, index);
  }

  /**
   * The serial of device {@code index} (from 0) with another model prefix.
   *
   * @throws IllegalArgumentException if the prefix is not eight upper-case letters or digits, the
   *     year is outside 2000 to 2099, or the index is outside 0 to {@value #MAX_INDEX}
   */
  public static String of(String prefix, int year, int index) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "serial prefix must be 8 upper-case letters or digits, not '" + prefix + "'");
    }
    if (year < 2000 || year > 2099) {
      throw new IllegalArgumentException("serial year must be between 2000 and 2099, not " + year);
    }
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException(
          "device index must be between 0 and " + MAX_INDEX + ", not " + index);
    }
    return String.format("%s%02d%06d", prefix, year % 100, index + 1);
  }

  /**
   * The device index a serial was made from: the inverse of {@link #of(String, int, int)}.
   *
   * @throws IllegalArgumentException if the text is not a serial of this shape
   */
  public static int indexOf(String serial) {
    if (serial == null || !SERIAL.matcher(serial).matches()) {
      throw new IllegalArgumentException(
          "not an appliance serial (8 letters or digits, 2-digit year,"
              + " 6-digit sequence): '"
              + serial
              + "'");
    }
    int sequence = Integer.parseInt(serial.substring(10));
    if (sequence == 0) {
      throw new IllegalArgumentException(
          "appliance serial sequence starts at 000001: '" + serial + "'");
    }
    return sequence - 1;
  }
}
