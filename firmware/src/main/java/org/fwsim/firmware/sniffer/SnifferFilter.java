package org.fwsim.firmware.sniffer;

import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.SniffedPacket;

/**
 * A parsed {@code diagnose sniffer packet} filter: a small predicate tree over a packet's protocol,
 * addresses and ports, built by {@link SnifferFilterParser}. Immutable.
 */
public sealed interface SnifferFilter {

  /** Which end of a packet an address or port qualifier looks at. */
  enum Dir {
    SRC,
    DST,
    EITHER
  }

  /** Whether {@code p} passes. */
  boolean matches(SniffedPacket p);

  /** {@code none}, or an empty filter: every packet. */
  record All() implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      return true;
    }
  }

  /** {@code tcp}, {@code udp}, {@code icmp} (an IP protocol number), or {@code ip} (-1: any). */
  record Proto(int number) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      return number < 0 || p.protocol() == number;
    }
  }

  /** {@code [src|dst] host A} and {@code [src|dst] net P} (a host is a /32). */
  record Net(Dir dir, Ip4Prefix prefix) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      boolean src = prefix.contains(p.srcAddress());
      boolean dst = prefix.contains(p.dstAddress());
      return switch (dir) {
        case SRC -> src;
        case DST -> dst;
        case EITHER -> src || dst;
      };
    }
  }

  /** {@code [tcp|udp] [src|dst] port N}; protocol -1 for TCP or UDP. ICMP has no ports. */
  record Port(Dir dir, int port, int protocol) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      boolean ported = p.protocol() == SniffedPacket.TCP || p.protocol() == SniffedPacket.UDP;
      if (!ported || (protocol >= 0 && p.protocol() != protocol)) {
        return false;
      }
      return switch (dir) {
        case SRC -> p.srcPort() == port;
        case DST -> p.dstPort() == port;
        case EITHER -> p.srcPort() == port || p.dstPort() == port;
      };
    }
  }

  /** {@code a and b}. */
  record And(SnifferFilter left, SnifferFilter right) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      return left.matches(p) && right.matches(p);
    }
  }

  /** {@code a or b}. */
  record Or(SnifferFilter left, SnifferFilter right) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      return left.matches(p) || right.matches(p);
    }
  }

  /** {@code not a}. */
  record Not(SnifferFilter inner) implements SnifferFilter {
    @Override
    public boolean matches(SniffedPacket p) {
      return !inner.matches(p);
    }
  }
}
