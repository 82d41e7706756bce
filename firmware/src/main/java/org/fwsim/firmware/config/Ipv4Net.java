package org.fwsim.firmware.config;

/**
 * An IPv4 address with a prefix length, as {@code set ip 10.0.0.1 255.255.255.0} configures it.
 *
 * @param address the address bits (host bits kept, as configured)
 * @param prefixLength 0 to 32
 */
public record Ipv4Net(int address, int prefixLength) {
  public static final Ipv4Net ZERO = new Ipv4Net(0, 0);

  public Ipv4Net {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  /** Parses {@code a.b.c.d m.m.m.m} or {@code a.b.c.d/n}. */
  public static Ipv4Net parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash >= 0) {
      return new Ipv4Net(
          parseAddress(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
    }
    String[] parts = t.split(" +");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an address and mask: " + text);
    }
    int mask = parseAddress(parts[1]);
    int len = Integer.bitCount(mask);
    if (len != 0 && mask != -1 << (32 - len)) {
      throw new IllegalArgumentException("mask is not contiguous: " + parts[1]);
    }
    return new Ipv4Net(parseAddress(parts[0]), len);
  }

  /** Parses a dotted quad to its 32 bits. */
  public static int parseAddress(String text) {
    String[] p = text.split("\\.", -1);
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    int v = 0;
    for (String s : p) {
      int o = Integer.parseInt(s);
      if (o < 0 || o > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      v = (v << 8) | o;
    }
    return v;
  }

  public static String formatAddress(int v) {
    return ((v >>> 24) & 255)
        + "."
        + ((v >>> 16) & 255)
        + "."
        + ((v >>> 8) & 255)
        + "."
        + (v & 255);
  }

  public int mask() {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** The network address (host bits cleared). */
  public int network() {
    return address & mask();
  }

  public boolean isZero() {
    return address == 0 && prefixLength == 0;
  }

  @Override
  public String toString() {
    return formatAddress(address) + "/" + prefixLength;
  }
}
