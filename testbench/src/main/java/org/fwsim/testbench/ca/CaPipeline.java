package org.fwsim.testbench.ca;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Assembles the CA's per-connection pipeline: HTTP codec, connection caps, capped aggregator, SCEP
 * handler, CMP handler, SCEP handler (the SCEP one also closes connections that send no whole
 * request in time).
 */
final class CaPipeline {

  private CaPipeline() {}

  /**
   * GET PKIOperation puts the whole base64 pkiMessage in the request line, so the line may be as
   * long as the body cap allows (times 4/3 for base64, times 3 for URL escaping in the worst case).
   */
  static void init(ChannelPipeline p, CaHttpHandler.Shared shared, int maxRequestBytes) {
    init(p, shared, null, maxRequestBytes);
  }

  /** As above, with CMP at {@code /pkix/} in front of SCEP when {@code cmp} is not null. */
  static void init(
      ChannelPipeline p, CaHttpHandler.Shared shared, CmpResponder cmp, int maxRequestBytes) {
    int maxLine = Math.max(4096, maxRequestBytes * 4);
    p.addLast(
        "http",
        new HttpServerCodec(
            new HttpDecoderConfig().setMaxInitialLineLength(maxLine).setMaxHeaderSize(16 * 1024)));
    p.addLast("guard", shared.guard());
    p.addLast("aggregator", new CaHttpHandler.CappedAggregator(maxRequestBytes, shared.recorder()));
    if (cmp != null) {
      p.addLast("cmp", new CmpHttpHandler(cmp, shared));
    }
    p.addLast("scep", new CaHttpHandler(shared));
  }

  /**
   * Writes the one answer of a connection and closes it; a connection the client already closed
   * gets nothing, and the answer is released.
   */
  static void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse resp) {
    if (!ctx.channel().isActive()) {
      resp.release();
      return;
    }
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Writes an answer on a kept-alive connection, which stays open for the next request unless the
   * write fails; a connection the client already closed gets nothing, and the answer is released.
   */
  static void answer(ChannelHandlerContext ctx, FullHttpResponse resp) {
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    } else {
      resp.release();
    }
  }
}
