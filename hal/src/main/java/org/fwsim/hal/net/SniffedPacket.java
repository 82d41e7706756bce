package org.fwsim.hal.net;

import java.time.Instant;

/**
 * One packet as a sniffer on a simulated interface would see it, with the simulated addresses and
 * ports (never the loopback ones the underlay really uses). The underlay carries TCP streams, not
 * packets, so TCP packets are synthesized from stream events by {@link TcpStreamTap}; ICMP echoes
 * from the exchanges the underlay answers itself. Immutable apart from {@code payload}, which no
 * one writes after construction.
 *
 * @param time when the packet passed, on the appliance's clock
 * @param interfaceName the simulated interface it passed through
 * @param outbound true when the appliance sent it
 * @param protocol {@link #TCP} or {@link #ICMP} (IP protocol numbers)
 * @param flags TCP flags ({@link #SYN}, {@link #ACK}, ...), or the ICMP type for ICMP
 * @param seq TCP sequence number (unsigned 32 bits), 0 for ICMP
 * @param ack TCP acknowledgement number (unsigned 32 bits), 0 for ICMP
 */
public record SniffedPacket(
    Instant time,
    String interfaceName,
    boolean outbound,
    int protocol,
    int srcAddress,
    int srcPort,
    int dstAddress,
    int dstPort,
    int flags,
    long seq,
    long ack,
    byte[] payload) {

  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  /** ICMP types. */
  public static final int ECHO_REPLY = 0;

  public static final int ECHO_REQUEST = 8;

  /** Whether {@code flag} is set (TCP). */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
