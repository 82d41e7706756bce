package org.fwsim.firmware.sniffer;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.SniffedPacket;

/**
 * Prints packets as FortiOS's {@code diagnose sniffer packet} does: a time (seconds since the
 * start, or {@code yyyy-mm-dd hh:mm:ss.micros} with {@code a}/{@code l}), the interface and
 * direction at verbosity 4-6, then tcpdump's old one-line form ({@code 10.0.0.1.4321 ->
 * 10.5.149.111.80: syn 1234}); at verbosity 2, 3, 5 and 6 a hex and ASCII dump follows, 16 bytes a
 * line. No IO.
 */
public final class PacketFormatter {

  private static final DateTimeFormatter ABSOLUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final SnifferOptions options;
  private final Instant start;

  public PacketFormatter(SnifferOptions options, Instant start) {
    this.options = options;
    this.start = start;
  }

  /** The lines of one packet, each ending in a newline. */
  public String format(SniffedPacket p) {
    StringBuilder sb = new StringBuilder(time(p.time()));
    if (options.showsInterface()) {
      sb.append(' ').append(p.interfaceName()).append(p.outbound() ? " out" : " in");
    }
    sb.append(' ').append(header(p)).append('\n');
    if (options.dumps()) {
      hexDump(sb, options.dumpsEthernet() ? PacketBytes.ethernet(p) : PacketBytes.ip(p));
      sb.append('\n');
    }
    return sb.toString();
  }

  private String time(Instant t) {
    if (options.zone() != null) {
      return ABSOLUTE.format(t.atZone(options.zone()));
    }
    Duration d = Duration.between(start, t);
    if (d.isNegative()) {
      d = Duration.ZERO; // the clock was set back while sniffing
    }
    return String.format("%d.%06d", d.getSeconds(), d.getNano() / 1000);
  }

  /** The one-line header, without time and interface. */
  static String header(SniffedPacket p) {
    if (p.protocol() == SniffedPacket.ICMP) {
      return Ip4.toString(p.srcAddress())
          + " -> "
          + Ip4.toString(p.dstAddress())
          + ": icmp: "
          + (p.flags() == SniffedPacket.ECHO_REQUEST ? "echo request" : "echo reply");
    }
    StringBuilder sb = new StringBuilder();
    sb.append(Ip4.toString(p.srcAddress())).append('.').append(p.srcPort());
    sb.append(" -> ");
    sb.append(Ip4.toString(p.dstAddress())).append('.').append(p.dstPort()).append(": ");
    String word =
        p.has(SniffedPacket.SYN)
            ? "syn "
            : p.has(SniffedPacket.FIN)
                ? "fin "
                : p.has(SniffedPacket.RST) ? "rst " : p.has(SniffedPacket.PSH) ? "psh " : null;
    if (word != null) {
      sb.append(word).append(p.seq());
    } else if (p.payload().length > 0) {
      sb.append(p.seq()); // a full segment of a longer write: no word of its own
    }
    if (p.has(SniffedPacket.ACK)) {
      sb.append(sb.charAt(sb.length() - 1) == ' ' ? "" : " ").append("ack ").append(p.ack());
    }
    return sb.toString();
  }

  /** {@code 0x0000\t 4500 003c ...\tE..<...}: offset, eight 16-bit groups, the printable bytes. */
  static void hexDump(StringBuilder sb, byte[] bytes) {
    for (int line = 0; line < bytes.length; line += 16) {
      sb.append(String.format("0x%04x\t", line));
      StringBuilder ascii = new StringBuilder(16);
      for (int i = line; i < line + 16; i++) {
        if (i % 2 == 0) {
          sb.append(' ');
        }
        if (i < bytes.length) {
          int b = bytes[i] & 0xff;
          sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
          ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        } else {
          sb.append("  "); // pads the short last line so the text column stays aligned
        }
      }
      sb.append('\t').append(ascii).append('\n');
    }
  }
}
