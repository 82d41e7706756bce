package org.fwsim.firmware.scep.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sits on the raw bytes, below the HTTP codec, to print forticron's per-read and per-send lines
 * ({@code scep_recv()-509: read N bytes ...}, {@code scep_rxtx()-593: state N}). Moves bytes only.
 */
final class ScepWireTraceHandler extends ChannelDuplexHandler {
  private final ScepConnectionTrace trace;
  private int outboundBytes;
  private boolean sendTraced;

  ScepWireTraceHandler(ScepConnectionTrace trace) {
    this.trace = trace;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      trace.read(((ByteBuf) msg).readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf) {
      outboundBytes += ((ByteBuf) msg).readableBytes();
    }
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // The request is complete when first flushed: its size fixes forticron's buffer size.
    if (!sendTraced && outboundBytes > 0) {
      sendTraced = true;
      trace.sending(outboundBytes);
    }
    ctx.flush();
  }
}
