package org.fwsim.hal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A Netty pipeline's edge for a {@link TcpStream}: sits first in the pipeline, so it sees the bytes
 * as they leave and arrive, and the close of either side.
 */
final class TcpStreamTap extends ChannelDuplexHandler {

  /** The segment size of a 1500-byte MTU without options. */
  static final int MSS = TcpStream.MSS;

  /** Null until the connection is up, for a tap put in the pipeline before it connects. */
  private TcpStream stream;

  /** Opens the stream once the channel is active and its local port known; null if up already. */
  private final Function<Channel, TcpStream> onActive;

  TcpStreamTap(TcpStream stream) {
    this.stream = stream;
    this.onActive = null;
  }

  private TcpStreamTap(Function<Channel, TcpStream> onActive) {
    this.onActive = onActive;
  }

  /**
   * A tap to put in the pipeline of a connection before it connects: it reports the handshake when
   * the channel becomes active, before any handler behind it can write. (Added after the connect,
   * it could miss the first request: a loopback connect may complete, and a handler write, before a
   * listener on the connect future is in place.)
   */
  static TcpStreamTap beforeConnect(
      Underlay.Tap tap, IntFunction<TcpStream.Ends> endsForLocalPort) {
    return new TcpStreamTap(
        ch ->
            TcpStream.connected(
                tap,
                endsForLocalPort.apply(
                    ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0)));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (stream == null && onActive != null) {
      stream = onActive.apply(ctx.channel());
    }
    ctx.fireChannelActive();
  }

  /**
   * Reports the handshake of a connection that just came up and returns the tap to put first in its
   * pipeline.
   */
  static TcpStreamTap connected(Underlay.Tap tap, TcpStream.Ends ends) {
    return new TcpStreamTap(TcpStream.connected(tap, ends));
  }

  /** A connection attempt the peer refused: SYN out, RST back. */
  static void refused(Underlay.Tap tap, TcpStream.Ends ends) {
    TcpStream.refused(tap, ends);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ByteBuf data = bytesOf(msg);
    if (stream != null && data != null && data.isReadable()) {
      stream.sent(data.nioBuffer());
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf data = bytesOf(msg);
    if (stream != null && data != null && data.isReadable()) {
      stream.received(data.nioBuffer());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (stream != null && ctx.channel().isActive()) {
      stream.closedLocally();
    }
    ctx.close(promise);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // On the close future, not channelInactive: Netty fires channelInactive in a task queued
    // after the close future's listeners have run, and one of those (added after this one)
    // releases the underlay's IO token. A capture stopped once the simulation is quiet must
    // already hold the teardown.
    ctx.channel().closeFuture().addListener(f -> peerClosed()); // nothing if we closed first
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    peerClosed(); // nothing when reported already
    ctx.fireChannelInactive();
  }

  private void peerClosed() {
    if (stream != null) {
      stream.closedByPeer();
    }
  }

  private static ByteBuf bytesOf(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b;
    }
    return msg instanceof ByteBufHolder h ? h.content() : null;
  }
}
