package org.fwsim.hal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses held as plain {@code int}s (network byte order, most significant octet first),
 * with parsing, formatting and mask helpers. Ints keep interfaces and routes small across a fleet.
 */
public final class Ip4 {

  /** 0.0.0.0, also the "unset" address of an interface or the "no gateway" of a route. */
  public static final int ANY = 0;

  private Ip4() {}

  /** Builds an address from its four octets, each 0..255. */
  public static int of(int a, int b, int c, int d) {
    checkOctet(a);
    checkOctet(b);
    checkOctet(c);
    checkOctet(d);
    return a << 24 | b << 16 | c << 8 | d;
  }

  /**
   * Parses dotted-quad text "a.b.c.d" (exactly four decimal octets 0..255).
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static int parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("IPv4 address is missing");
    }
    int value = 0;
    int octets = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        octet = octet * 10 + (c - '0');
        if (++digits > 3 || octet > 255) {
          throw bad(text, "octet " + (octets + 1) + " is larger than 255");
        }
      } else if (c == '.') {
        if (digits == 0) {
          throw bad(text, "octet " + (octets + 1) + " is empty");
        }
        if (++octets > 3) {
          throw bad(text, "more than four octets");
        }
        value = value << 8 | octet;
        octet = 0;
        digits = 0;
      } else {
        throw bad(text, "unexpected character '" + c + "'");
      }
    }
    if (digits == 0) {
      throw bad(text, text.isEmpty() ? "it is empty" : "octet " + (octets + 1) + " is empty");
    }
    if (octets != 3) {
      throw bad(text, "expected four octets a.b.c.d");
    }
    return value << 8 | octet;
  }

  /** Formats an address as "a.b.c.d". */
  public static String toString(int address) {
    return (address >>> 24)
        + "."
        + (address >>> 16 & 0xff)
        + "."
        + (address >>> 8 & 0xff)
        + "."
        + (address & 0xff);
  }

  /** The netmask of a prefix length 0..32 (e.g. 24 -> 255.255.255.0). */
  public static int mask(int prefixLength) {
    checkLength(prefixLength);
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /**
   * The prefix length of a contiguous netmask (255.255.255.0 -> 24).
   *
   * @throws IllegalArgumentException if the mask has a zero bit before a one bit
   */
  public static int prefixLength(int mask) {
    int length = Integer.bitCount(mask);
    if (mask != (length == 0 ? 0 : -1 << (32 - length))) {
      throw new IllegalArgumentException("netmask " + toString(mask) + " is not contiguous");
    }
    return length;
  }

  /**
   * A 32-bit finaliser (MurmurHash3's fmix32) so that neighbouring addresses spread: hash tables
   * and hash-based load balancing over clustered network addresses use it.
   */
  public static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** True for 127.0.0.0/8, the host loopback range every underlay socket lives on. */
  public static boolean isLoopback(int address) {
    return address >>> 24 == 127;
  }

  /** The JDK form of an address, for sockets. */
  public static InetAddress toInetAddress(int address) {
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new AssertionError("four bytes are always a valid IPv4 address", impossible);
    }
  }

  /**
   * The int form of a JDK IPv4 address.
   *
   * @throws IllegalArgumentException for IPv6 addresses
   */
  public static int fromInetAddress(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    byte[] b = address.getAddress();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  static void checkLength(int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
    }
  }

  private static void checkOctet(int octet) {
    if (octet < 0 || octet > 255) {
      throw new IllegalArgumentException("octet " + octet + " is outside 0..255");
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("invalid IPv4 address '" + text + "': " + why);
  }
}
