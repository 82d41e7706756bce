package org.fwsim.hal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * A Netty pipeline's edge for a {@link TcpStream}: sits first in the pipeline, so it sees the bytes
 * as they leave and arrive, and the close of either side.
 */
final class TcpStreamTap extends ChannelDuplexHandler {

  /** The segment size of a 1500-byte MTU without options. */
  static final int MSS = TcpStream.MSS;

  private final TcpStream stream;

  TcpStreamTap(TcpStream stream) {
    this.stream = stream;
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
    if (data != null && data.isReadable()) {
      stream.sent(data.nioBuffer());
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf data = bytesOf(msg);
    if (data != null && data.isReadable()) {
      stream.received(data.nioBuffer());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (ctx.channel().isActive()) {
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
    ctx.channel().closeFuture().addListener(f -> stream.closedByPeer()); // nothing if we closed
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stream.closedByPeer(); // nothing when reported already
    ctx.fireChannelInactive();
  }

  private static ByteBuf bytesOf(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b;
    }
    return msg instanceof ByteBufHolder h ? h.content() : null;
  }
}
