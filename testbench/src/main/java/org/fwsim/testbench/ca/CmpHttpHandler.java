package org.fwsim.testbench.ca;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.fwsim.firmware.cmp.CmpMessages;

/**
 * The CA's CMP face (RFC 6712): takes the requests under {@code /pkix/} off the pipeline, runs them
 * on the CA's workers and answers with Connection: close; every other request passes on to the SCEP
 * handler behind it. PKI answers, errors included, are HTTP 200 with {@code application/pkixcmp};
 * only what is no CMP request at all gets another status.
 */
final class CmpHttpHandler extends ChannelInboundHandlerAdapter {

  /** The path prefix, as openssl's {@code -path pkix/} and FortiOS's {@code cmp-path} name it. */
  static final String PREFIX = "/pkix";

  private final CmpResponder responder;
  private final CaHttpHandler.Shared shared;

  CmpHttpHandler(CmpResponder responder, CaHttpHandler.Shared shared) {
    this.responder = responder;
    this.shared = shared;
  }

  static boolean isCmpPath(String uri) {
    String path = new QueryStringDecoder(uri).rawPath();
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)
        || !req.decoderResult().isSuccess()
        || !isCmpPath(req.uri())) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      handle(ctx, req);
    } finally {
      req.release();
    }
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
    String method = req.method().name();
    if (shared.faults().get().down()) {
      ctx.close();
      return;
    }
    if (!HttpMethod.POST.equals(req.method())) {
      write(ctx, method, PkiAnswer.httpError(405, "CMP takes POST, not " + method, null, null));
      return;
    }
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type != null && !CmpMessages.isPkixCmp(type)) {
      write(
          ctx,
          method,
          PkiAnswer.httpError(
              415,
              "Content-Type must be "
                  + CmpMessages.CONTENT_TYPE
                  + ", not "
                  + LogText.bounded(type, 64),
              null,
              null));
      return;
    }
    byte[] body = ByteBufUtil.getBytes(req.content());
    boolean queued =
        shared.answerOnWorker(
            () -> responder.answer(body), ctx.executor(), answer -> write(ctx, method, answer));
    if (!queued) {
      write(
          ctx,
          method,
          PkiAnswer.httpError(503, "CA busy: work queue full, retry later", null, null));
    }
  }

  private void write(ChannelHandlerContext ctx, String method, PkiAnswer a) {
    shared.recorder().answered(ctx.channel().remoteAddress(), method, "CMP", null, a);
    FullHttpResponse resp = a.toHttp(shared.clock(), false);
    if (!ctx.channel().isActive()) {
      resp.release();
      return;
    }
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
