package org.fwsim.hal.net;

/**
 * An IPv4 prefix (network and length), as used by routes: "10.0.0.0/8".
 *
 * <p>The network is always kept with its host bits cleared, so {@code 10.1.2.3/8} and {@code
 * 10.0.0.0/8} are the same prefix (INFERENCE: how FortiOS stores such a {@code dst} is not
 * documented; normalising is the usual router behaviour).
 *
 * @param network the network address, host bits cleared
 * @param length the prefix length 0..32
 */
public record Ip4Prefix(int network, int length) implements Comparable<Ip4Prefix> {

  /** 0.0.0.0/0, the default route's destination. */
  public static final Ip4Prefix DEFAULT = new Ip4Prefix(0, 0);

  /** Clears host bits and checks the length. */
  public Ip4Prefix {
    network &= Ip4.mask(length);
  }

  /** The prefix of a given length that contains an address (host bits cleared). */
  public static Ip4Prefix of(int address, int length) {
    return new Ip4Prefix(address, length);
  }

  /** A /32 host prefix. */
  public static Ip4Prefix host(int address) {
    return new Ip4Prefix(address, 32);
  }

  /**
   * Parses "a.b.c.d/n" or the FortiOS CLI form "a.b.c.d m.m.m.m" (address, spaces, netmask),
   * clearing host bits; {@link Ip4InterfaceAddress#parse} keeps them.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Ip4Prefix parse(String text) {
    return Ip4InterfaceAddress.parse(text).prefix();
  }

  /** True if the address lies inside this prefix. */
  public boolean contains(int address) {
    return (address & Ip4.mask(length)) == network;
  }

  /** True if every address of {@code other} lies inside this prefix. */
  public boolean contains(Ip4Prefix other) {
    return other.length >= length && contains(other.network);
  }

  /** The netmask, e.g. 255.255.255.0 for a /24. */
  public int mask() {
    return Ip4.mask(length);
  }

  /** "a.b.c.d/n". */
  @Override
  public String toString() {
    return Ip4.toString(network) + "/" + length;
  }

  /** Routing-table order: network (unsigned) ascending, then shorter prefixes first. */
  @Override
  public int compareTo(Ip4Prefix o) {
    int c = Integer.compareUnsigned(network, o.network);
    return c != 0 ? c : Integer.compare(length, o.length);
  }
}
