package org.fwsim.hal.net;

import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * The TCP packets one connection of an appliance would put on its simulated interface, made from
 * the connection's stream events: the three-way handshake, a data segment (at most {@link #MSS}
 * bytes, {@code psh} on the last) for every write and read, and the FIN exchange when either side
 * closes. No IO here: the edge that sees the bytes (a Netty pipeline's {@link TcpStreamTap}, or a
 * management plane's own transport) reports them. One thread at a time, as a connection's events
 * come.
 *
 * <p>What it cannot see it does not invent: the peer's pure ACKs of data, retransmissions and
 * window updates are not synthesized; each data segment acknowledges everything received before it.
 * Sequence numbers start at a value derived from the ports, so runs are reproducible.
 */
public final class TcpStream {

  /** The segment size of a 1500-byte MTU without options. */
  public static final int MSS = 1460;

  /**
   * The simulated ends of one connection: the appliance's interface, address and port, and the
   * peer's address and port.
   */
  record Ends(String interfaceName, int local, int localPort, int remote, int remotePort) {}

  /**
   * The sniffer to report to now, or null: fixed for a connection the appliance opens (tapped when
   * it opened), looked up at every event for one a management plane accepted, so a session open
   * before the sniffer started shows from then on.
   */
  private final Supplier<Underlay.Tap> tap;

  private final Ends ends;
  private long sent; // next sequence number the appliance sends
  private long received; // next sequence number the peer sends
  private boolean finished;

  private TcpStream(Supplier<Underlay.Tap> tap, Ends ends) {
    this.tap = tap;
    this.ends = ends;
    this.sent = isn(ends.localPort(), ends.remotePort());
    this.received = isn(ends.remotePort(), ends.localPort() ^ 0x5a5a);
  }

  /** A connection the appliance opened and the peer accepted: SYN out, SYN-ACK in, ACK out. */
  static TcpStream connected(Underlay.Tap tap, Ends ends) {
    TcpStream t = new TcpStream(() -> tap, ends);
    t.handshake(true);
    return t;
  }

  /**
   * A connection the peer opened and the appliance accepted: SYN in, SYN-ACK out, ACK in, when a
   * sniffer runs at that moment; {@code tap} is asked again at every later event.
   */
  static TcpStream accepted(Supplier<Underlay.Tap> tap, Ends ends) {
    TcpStream t = new TcpStream(tap, ends);
    t.handshake(false);
    return t;
  }

  /**
   * The three-way handshake: SYN from the opening side ({@code outbound}: the appliance), SYN-ACK
   * back, ACK; each side's sequence number then counts its SYN.
   */
  private void handshake(boolean outbound) {
    long opener = outbound ? sent : received;
    long acceptor = outbound ? received : sent;
    report(outbound, SniffedPacket.SYN, opener, 0, null);
    report(!outbound, SniffedPacket.SYN | SniffedPacket.ACK, acceptor, opener + 1, null);
    report(outbound, SniffedPacket.ACK, opener + 1, acceptor + 1, null);
    sent++;
    received++;
  }

  /** A connection attempt the peer refused: SYN out, RST back. */
  static void refused(Underlay.Tap tap, Ends ends) {
    TcpStream t = new TcpStream(() -> tap, ends);
    t.report(true, SniffedPacket.SYN, t.sent, 0, null);
    t.report(false, SniffedPacket.RST | SniffedPacket.ACK, 0, t.sent + 1, null);
  }

  /** The appliance wrote {@code data}'s remaining bytes (its position does not move). */
  public void sent(ByteBuffer data) {
    if (data.hasRemaining() && !finished) {
      sent = segments(true, data, sent, received);
    }
  }

  /** The peer's bytes arrived: {@code data}'s remaining ones (its position does not move). */
  public void received(ByteBuffer data) {
    if (data.hasRemaining() && !finished) {
      received = segments(false, data, received, sent);
    }
  }

  /** The appliance closed the connection first: FIN out, FIN in, ACK out. */
  public void closedLocally() {
    close(true);
  }

  /** The peer closed the connection first: FIN in, FIN out, ACK in. */
  public void closedByPeer() {
    close(false);
  }

  /** FIN from the closing side ({@code outbound}: the appliance), FIN back, ACK; once. */
  private void close(boolean outbound) {
    if (finished) {
      return;
    }
    finished = true;
    long closer = outbound ? sent : received;
    long other = outbound ? received : sent;
    report(outbound, SniffedPacket.FIN | SniffedPacket.ACK, closer, other, null);
    report(!outbound, SniffedPacket.FIN | SniffedPacket.ACK, other, closer + 1, null);
    report(outbound, SniffedPacket.ACK, closer + 1, other + 1, null);
  }

  /** Whether the FIN exchange was reported. */
  boolean finished() {
    return finished;
  }

  /** Reports {@code data} as segments from {@code seq}; returns the next sequence number. */
  private long segments(boolean outbound, ByteBuffer data, long seq, long ack) {
    int from = data.position();
    int end = data.limit();
    if (tap.get() == null) { // nobody sniffs now: only the sequence moves on
      return (seq + (end - from)) & 0xffffffffL;
    }
    for (int at = from; at < end; at += MSS) {
      int n = Math.min(MSS, end - at);
      byte[] payload = new byte[n];
      data.get(at, payload);
      int flags = SniffedPacket.ACK | (at + n == end ? SniffedPacket.PSH : 0);
      report(outbound, flags, seq, ack, payload);
      seq = (seq + n) & 0xffffffffL;
    }
    return seq;
  }

  private void report(boolean outbound, int flags, long seq, long ack, byte[] payload) {
    Underlay.Tap t = tap.get();
    if (t == null) {
      return;
    }
    t.sink()
        .packet(
            new SniffedPacket(
                t.clock().instant(),
                ends.interfaceName(),
                outbound,
                SniffedPacket.TCP,
                outbound ? ends.local() : ends.remote(),
                outbound ? ends.localPort() : ends.remotePort(),
                outbound ? ends.remote() : ends.local(),
                outbound ? ends.remotePort() : ends.localPort(),
                flags,
                seq & 0xffffffffL,
                ack & 0xffffffffL,
                payload == null ? new byte[0] : payload));
  }

  /** An initial sequence number that looks random but repeats for the same ports. */
  private static long isn(int a, int b) {
    return (Ip4.mix(a * 65537 + b) & 0xffffffffL);
  }

  /** An ICMP echo the underlay answered itself (a ping probe): request out, reply in. */
  static void icmpEcho(Underlay.Tap tap, String interfaceName, int local, int remote) {
    InstantSource clock = tap.clock();
    for (int i = 0; i < 2; i++) {
      boolean outbound = i == 0;
      tap.sink()
          .packet(
              new SniffedPacket(
                  clock.instant(),
                  interfaceName,
                  outbound,
                  SniffedPacket.ICMP,
                  outbound ? local : remote,
                  0,
                  outbound ? remote : local,
                  0,
                  outbound ? SniffedPacket.ECHO_REQUEST : SniffedPacket.ECHO_REPLY,
                  0,
                  0,
                  new byte[0]));
    }
  }
}
