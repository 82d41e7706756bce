package org.fwsim.hal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.InstantSource;

/**
 * Turns one client connection's stream events into the TCP packets a capture on the simulated
 * interface would show: the three-way handshake when the connection is up, a data segment (at most
 * {@link #MSS} bytes, {@code psh} on the last) for every write and read, and the FIN exchange when
 * either side closes. Sits first in the pipeline, so it sees the bytes as they leave and arrive.
 *
 * <p>What it cannot see it does not invent: the peer's pure ACKs of data, retransmissions and
 * window updates are not synthesized; each data segment acknowledges everything received before it.
 * Sequence numbers start at a value derived from the ports, so runs are reproducible.
 */
final class TcpStreamTap extends ChannelDuplexHandler {

  /** The segment size of a 1500-byte MTU without options. */
  static final int MSS = 1460;

  /**
   * The simulated ends of one connection: the appliance's interface, address and port, and the
   * peer's address and port.
   */
  record Ends(String interfaceName, int local, int localPort, int remote, int remotePort) {}

  private final Underlay.Tap tap;
  private final Ends ends;
  private long sent; // next sequence number the appliance sends
  private long received; // next sequence number the peer sends
  private boolean finished;

  private TcpStreamTap(Underlay.Tap tap, Ends ends) {
    this.tap = tap;
    this.ends = ends;
    this.sent = isn(ends.localPort(), ends.remotePort());
    this.received = isn(ends.remotePort(), ends.localPort() ^ 0x5a5a);
  }

  /**
   * Reports the handshake of a connection that just came up and returns the tap to put first in its
   * pipeline.
   */
  static TcpStreamTap connected(Underlay.Tap tap, Ends ends) {
    TcpStreamTap t = new TcpStreamTap(tap, ends);
    t.out(SniffedPacket.SYN, t.sent, 0, null);
    t.in(SniffedPacket.SYN | SniffedPacket.ACK, t.received, t.sent + 1, null);
    t.sent++;
    t.received++;
    t.out(SniffedPacket.ACK, t.sent, t.received, null);
    return t;
  }

  /** A connection attempt the peer refused: SYN out, RST back. */
  static void refused(Underlay.Tap tap, Ends ends) {
    TcpStreamTap t = new TcpStreamTap(tap, ends);
    t.out(SniffedPacket.SYN, t.sent, 0, null);
    t.in(SniffedPacket.RST | SniffedPacket.ACK, 0, t.sent + 1, null);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ByteBuf data = bytesOf(msg);
    if (data != null && data.isReadable() && !finished) {
      sent = segments(true, data, sent, received);
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf data = bytesOf(msg);
    if (data != null && data.isReadable() && !finished) {
      received = segments(false, data, received, sent);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!finished && ctx.channel().isActive()) {
      finished = true;
      out(SniffedPacket.FIN | SniffedPacket.ACK, sent, received, null);
      in(SniffedPacket.FIN | SniffedPacket.ACK, received, sent + 1, null);
      out(SniffedPacket.ACK, sent + 1, received + 1, null);
    }
    ctx.close(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished) { // the peer closed first
      finished = true;
      in(SniffedPacket.FIN | SniffedPacket.ACK, received, sent, null);
      out(SniffedPacket.FIN | SniffedPacket.ACK, sent, received + 1, null);
      in(SniffedPacket.ACK, received + 1, sent + 1, null);
    }
    ctx.fireChannelInactive();
  }

  /** Reports {@code data} as segments from {@code seq}; returns the next sequence number. */
  private long segments(boolean outbound, ByteBuf data, long seq, long ack) {
    int from = data.readerIndex();
    int end = data.writerIndex();
    for (int at = from; at < end; at += MSS) {
      int n = Math.min(MSS, end - at);
      byte[] payload = new byte[n];
      data.getBytes(at, payload);
      int flags = SniffedPacket.ACK | (at + n == end ? SniffedPacket.PSH : 0);
      report(outbound, flags, seq, ack, payload);
      seq = (seq + n) & 0xffffffffL;
    }
    return seq;
  }

  private void out(int flags, long seq, long ack, byte[] payload) {
    report(true, flags, seq, ack, payload);
  }

  private void in(int flags, long seq, long ack, byte[] payload) {
    report(false, flags, seq, ack, payload);
  }

  private void report(boolean outbound, int flags, long seq, long ack, byte[] payload) {
    tap.sink()
        .packet(
            new SniffedPacket(
                tap.clock().instant(),
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

  private static ByteBuf bytesOf(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b;
    }
    return msg instanceof ByteBufHolder h ? h.content() : null;
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
