package org.fwsim.firmware.cli;

/** Dotted-quad parsing and printing for the CLI; errors are FortiOS value errors. */
final class Ipv4Text {
  private Ipv4Text() {}

  static int toInt(String text) throws CliException {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw CliException.value(text);
    }
    int v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw CliException.value(text);
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        throw CliException.value(text);
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  static String toText(int v) {
    return ((v >>> 24) & 255)
        + "."
        + ((v >>> 16) & 255)
        + "."
        + ((v >>> 8) & 255)
        + "."
        + (v & 255);
  }

  static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  /** Prefix length of a contiguous dotted mask. */
  static int maskLength(String text) throws CliException {
    int m = toInt(text);
    int length = Integer.bitCount(m);
    if (mask(length) != m) {
      throw CliException.value(text);
    }
    return length;
  }
}
