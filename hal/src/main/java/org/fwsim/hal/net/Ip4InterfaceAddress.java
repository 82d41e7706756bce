package org.fwsim.hal.net;

/**
 * An interface address with its prefix length, host bits kept, as {@code set ip 10.0.1.1
 * 255.255.255.0} configures it; {@link #prefix()} is the connected network.
 *
 * @param address the address as configured (host bits kept)
 * @param length the prefix length 0..32
 */
public record Ip4InterfaceAddress(int address, int length) {

  /** 0.0.0.0/0, an interface without an address. */
  public static final Ip4InterfaceAddress NONE = new Ip4InterfaceAddress(Ip4.ANY, 0);

  /** Checks the length. */
  public Ip4InterfaceAddress {
    Ip4.checkLength(length);
  }

  /**
   * Parses "a.b.c.d/n" or the FortiOS CLI form "a.b.c.d m.m.m.m" (address, spaces, netmask),
   * keeping the host bits.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Ip4InterfaceAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "IPv4 prefix is missing: expected a.b.c.d/n or a.b.c.d m.m.m.m");
    }
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    int space = indexOfWhitespace(trimmed);
    try {
      if (slash >= 0 && space < 0) {
        return new Ip4InterfaceAddress(
            Ip4.parse(trimmed.substring(0, slash)), parseLength(trimmed.substring(slash + 1)));
      } else if (space >= 0 && slash < 0) {
        return new Ip4InterfaceAddress(
            Ip4.parse(trimmed.substring(0, space)),
            Ip4.prefixLength(Ip4.parse(trimmed.substring(space).strip())));
      } else {
        throw new IllegalArgumentException("expected a.b.c.d/n or a.b.c.d m.m.m.m");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid IPv4 prefix '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The connected network: this address with its host bits cleared. */
  public Ip4Prefix prefix() {
    return Ip4Prefix.of(address, length);
  }

  /** The netmask, e.g. 255.255.255.0 for a /24. */
  public int mask() {
    return Ip4.mask(length);
  }

  /** "a.b.c.d/n", host bits kept. */
  @Override
  public String toString() {
    return Ip4.toString(address) + "/" + length;
  }

  private static int parseLength(String text) {
    if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("prefix length '" + text + "' is not a number 0..32");
    }
    int length = Integer.parseInt(text);
    Ip4.checkLength(length);
    return length;
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
